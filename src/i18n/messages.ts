import type { Language } from '../format/status-labels.ts';
import * as admin from './catalog/admin.ts';
import * as importing from './catalog/import.ts';
import * as logging from './catalog/log.ts';
import * as monitoring from './catalog/monitoring.ts';
import * as report from './catalog/report.ts';
import * as review from './catalog/review.ts';
import * as operations from './catalog/operations.ts';
import * as errors from './catalog/errors.ts';
import * as files from './catalog/files.ts';
import * as packaging from './catalog/package.ts';
import * as cliSocket from './catalog/cli-socket.ts';

// The words of the pages (and the English face of API errors and the CLI), once: Simplified Chinese is the
// source, and English must name every key (the type says so). Parameters are `{name}`. Each face's words
// live in a part under catalog/ so that one page's keys are found together.

const core = {
  'app.name': '绩效跟踪',
  'nav.overview': '总览',
  'nav.log': '登记',
  'nav.admin': '管理',
  'nav.signOut': '退出',
  'nav.language': 'English',
  'nav.skip': '跳到正文',
  'nav.signedInAs': '当前用户：{name}（{role}）',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.refused': '用户名或密码不正确，或账号已停用',
  'login.missing': '请输入用户名和密码',
  'login.expired': '登录已过期，请重新登录',
  'error.prefix': '错误：',
  'error.summary': '请修改以下问题',
  'error.403.title': '没有权限',
  'error.403.body': '当前账号不能查看或操作这一页。如需权限，请联系管理员。',
  'error.404.title': '找不到这一页',
  'error.404.body': '地址可能有误，或内容已被删除。',
  'error.500.title': '系统出错了',
  'error.500.body': '请稍后再试；问题持续时请联系管理员，并告知时间 {time}。',
  'error.csrf': '页面已过期，请刷新后重新提交',
  'error.back': '返回总览',
  'error.other.title': '无法完成这一操作',
  'error.other.body': '请求未能完成；请返回上一页检查后再试。',
  'overview.title': '总览',
  'overview.year': '年度',
  'overview.unit': '单位',
  'overview.allUnits': '全部单位',
  'overview.filter': '筛选',
  'overview.timeShare': '时间进度 {share}',
  'overview.budget': '预算执行 {spent} / {total}  {rate}',
  'overview.score': '预计得分 {score}',
  'overview.noScore': '暂无预计得分',
  'overview.updated': '数据更新于 {when}',
  'overview.neverUpdated': '尚无数据',
  'overview.empty': '{year} 年还没有项目。',
  'overview.emptyAdmin': '请先在“管理 › 导入目标表”导入本单位的项目支出绩效目标表。',
  'overview.emptyOther': '请联系管理员导入本单位的项目支出绩效目标表。',
  'overview.lamps': '指示灯',
  'project.budget': '预算 {total} · 已支出 {spent} · 执行率 {rate}',
  'project.score': '预计自评得分 {score}',
  'project.parts': '产出 {output} · 效益 {effect} · 满意度 {satisfaction} · 预算执行率 {budget}',
  'project.print': '打印',
  'project.asOf': '截至 {date}',
  'project.charts': '图表',
  'project.noIndicators': '这个项目还没有绩效指标。',
  'indicator.title': '指标',
  'indicator.series': '累计走势',
  'indicator.facts': '依据（最新在前）',
  'indicator.manualFact': '人工填报 {value}（截至 {asOf}，{author}）',
  'indicator.noFacts': '还没有依据。工作人员在“登记”中记录后，这里会列出每一条。',
  'indicator.notCounted': '不在项目期内，不计入',
  'indicator.counted': '计入',
  'indicator.day': '日期',
  'indicator.detail': '内容',
  'indicator.manual.title': '人工填报数值',
  'indicator.manual.value': '数值',
  'indicator.manual.asOf': '截至日期',
  'indicator.manual.note': '说明（可选）',
  'indicator.manual.submit': '保存数值',
  'indicator.assess.title': '定性评价',
  'indicator.assess.tier': '档次',
  'indicator.assess.score': '分数（0–100，须在档次区间内）',
  'indicator.assess.hint': '达成 80–100 · 部分达成 60–80 · 未达成 0–60',
  'indicator.assess.submit': '保存评价',
  'indicator.confirm.title': '确认指标读法',
  'indicator.confirm.body': '这个目标值导入时有警告，确认读法正确后才计分。',
  'indicator.confirm.submit': '确认读法',
  'indicator.saved': '已保存。',
  'indicator.back': '返回项目',
  'indicator.status': '状态',
  'indicator.target': '目标',
  'indicator.actual': '实际',
  'indicator.expected': '应达',
  'indicator.forecast': '预计全年',
  'indicator.deviation': '偏离度',
  'indicator.likelihood': '完成目标可能性',
  'indicator.source': '来源',
  'indicator.lastChanged': '最近数据',
  'indicator.note': '说明',
  'indicator.progress': '距目标进度',
  'adminNav.import': '导入目标表',
  'adminNav.bindings': '度量绑定',
  'adminNav.channels': '渠道',
  'adminNav.probes': '网络探测',
  'adminNav.robots': '群机器人',
  'adminNav.jobs': '定时任务',
  'adminNav.users': '用户',
  'adminNav.tokens': '接口令牌',
  'adminNav.audit': '操作日志',
} as const;

const zh = {
  ...core,
  ...logging.zh,
  ...admin.zh,
  ...importing.zh,
  ...monitoring.zh,
  ...report.zh,
  ...review.zh,
  ...operations.zh,
  ...errors.zh,
  ...files.zh,
  ...packaging.zh,
  ...cliSocket.zh,
} as const;

export type MessageKey = keyof typeof zh;

const coreEn: Record<keyof typeof core, string> = {
  'app.name': 'Performance tracker',
  'nav.overview': 'Overview',
  'nav.log': 'Log',
  'nav.admin': 'Admin',
  'nav.signOut': 'Sign out',
  'nav.language': '中文',
  'nav.skip': 'Skip to content',
  'nav.signedInAs': 'Signed in as {name} ({role})',
  'login.title': 'Sign in',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.refused': 'Wrong user name or password, or the account is disabled',
  'login.missing': 'Enter your user name and password',
  'login.expired': 'Your session has ended; please sign in again',
  'error.prefix': 'Error: ',
  'error.summary': 'There is a problem',
  'error.403.title': 'Not allowed',
  'error.403.body': 'Your account cannot see or change this page. Ask an administrator for access.',
  'error.404.title': 'Page not found',
  'error.404.body': 'The address may be wrong, or the content was removed.',
  'error.500.title': 'Something went wrong',
  'error.500.body': 'Please try again later; if it persists, tell an administrator the time {time}.',
  'error.csrf': 'This page has expired; reload it and submit again',
  'error.back': 'Back to the overview',
  'error.other.title': 'This could not be done',
  'error.other.body': 'The request could not be completed; go back, check and try again.',
  'overview.title': 'Overview',
  'overview.year': 'Year',
  'overview.unit': 'Unit',
  'overview.allUnits': 'All units',
  'overview.filter': 'Filter',
  'overview.timeShare': 'Time elapsed {share}',
  'overview.budget': 'Budget spent {spent} / {total}  {rate}',
  'overview.score': 'Score forecast {score}',
  'overview.noScore': 'No score forecast yet',
  'overview.updated': 'Data updated {when}',
  'overview.neverUpdated': 'No data yet',
  'overview.empty': 'No projects for {year} yet.',
  'overview.emptyAdmin': 'Import the unit’s performance target table under Admin › Import first.',
  'overview.emptyOther': 'Ask an administrator to import the unit’s performance target table.',
  'overview.lamps': 'Lamps',
  'project.budget': 'Budget {total} · spent {spent} · execution {rate}',
  'project.score': 'Self-evaluation forecast {score}',
  'project.parts': 'Outputs {output} · effects {effect} · satisfaction {satisfaction} · budget {budget}',
  'project.print': 'Print',
  'project.asOf': 'As of {date}',
  'project.charts': 'Charts',
  'project.noIndicators': 'This project has no indicators yet.',
  'indicator.title': 'Indicator',
  'indicator.series': 'Cumulative trend',
  'indicator.facts': 'Evidence (newest first)',
  'indicator.manualFact': 'Typed by hand: {value} (as of {asOf}, {author})',
  'indicator.noFacts': 'No evidence yet. Once staff log it under Log, each item is listed here.',
  'indicator.notCounted': 'Outside the project period, not counted',
  'indicator.counted': 'Counted',
  'indicator.day': 'Date',
  'indicator.detail': 'Details',
  'indicator.manual.title': 'Enter a value',
  'indicator.manual.value': 'Value',
  'indicator.manual.asOf': 'As of',
  'indicator.manual.note': 'Note (optional)',
  'indicator.manual.submit': 'Save value',
  'indicator.assess.title': 'Qualitative assessment',
  'indicator.assess.tier': 'Tier',
  'indicator.assess.score': 'Score (0–100, within the tier’s band)',
  'indicator.assess.hint': 'Achieved 80–100 · partly 60–80 · not achieved 0–60',
  'indicator.assess.submit': 'Save assessment',
  'indicator.confirm.title': 'Confirm how the target was read',
  'indicator.confirm.body': 'This target was imported with a warning; it is scored once someone confirms the reading.',
  'indicator.confirm.submit': 'Confirm',
  'indicator.saved': 'Saved.',
  'indicator.back': 'Back to the project',
  'indicator.status': 'Status',
  'indicator.target': 'Target',
  'indicator.actual': 'Actual',
  'indicator.expected': 'Expected by now',
  'indicator.forecast': 'Year forecast',
  'indicator.deviation': 'Deviation',
  'indicator.likelihood': 'Likelihood of meeting the target',
  'indicator.source': 'Source',
  'indicator.lastChanged': 'Latest data',
  'indicator.note': 'Note',
  'indicator.progress': 'Progress toward the target',
  'adminNav.import': 'Import targets',
  'adminNav.bindings': 'Measures',
  'adminNav.channels': 'Channels',
  'adminNav.probes': 'Probes',
  'adminNav.robots': 'Robots',
  'adminNav.jobs': 'Jobs',
  'adminNav.users': 'Users',
  'adminNav.tokens': 'API tokens',
  'adminNav.audit': 'Audit log',
};

const en: Record<MessageKey, string> = {
  ...coreEn,
  ...logging.en,
  ...admin.en,
  ...importing.en,
  ...monitoring.en,
  ...report.en,
  ...review.en,
  ...operations.en,
  ...errors.en,
  ...files.en,
  ...packaging.en,
  ...cliSocket.en,
};

const catalogue: Record<Language, Record<MessageKey, string>> = { zh, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const table = catalogue[language];
  return (key, params) => {
    const text = table[key];
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

/** The `lang` cookie if it names a language, else the first of Accept-Language we have, else Chinese. */
export function pickLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
  if (cookie === 'zh' || cookie === 'en') return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().toLowerCase().split(';');
      const q = rest.map((r) => /^q=([\d.]+)$/.exec(r.trim())?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.tag !== '' && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

export const htmlLang: Record<Language, string> = { zh: 'zh-CN', en: 'en' };
