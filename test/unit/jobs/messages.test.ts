import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/evaluation/types.ts';
import { inlineText } from '../../../jobs/notify/format.ts';
import {
  MESSAGE_MAX_BYTES,
  alertMessage,
  digestMessage,
  isWorsening,
  severityOf,
  type DigestProject,
  type StatusChange,
} from '../../../jobs/notify/messages.ts';
import { utf8Bytes } from '../../../jobs/notify/utf8.ts';

const lines = (markdown: string) => markdown.split('\n');

describe('isWorsening', () => {
  it.each<[Status | null, Status, boolean]>([
    // judged → judged: worse when the severity rises (green 0 < warning 1 < off_track 2 < failed 3)
    ['on_track', 'warning', true],
    ['warning', 'off_track', true],
    ['off_track', 'failed', true],
    ['on_track', 'off_track', true],
    ['met', 'failed', true],
    ['warning', 'failed', true],
    ['on_track', 'failed', true],
    // improvements and sideways moves
    ['warning', 'on_track', false],
    ['off_track', 'warning', false],
    ['failed', 'off_track', false],
    ['on_track', 'met', false],
    ['met', 'on_track', false],
    ['warning', 'warning', false],
    ['failed', 'failed', false],
    // into grey: never a worsening
    ['on_track', 'no_data', false],
    ['warning', 'needs_review', false],
    ['met', 'no_measure', false],
    [null, 'no_data', false],
    ['no_data', 'needs_review', false],
    // from nothing / grey: compared with green, so yellow or red is news
    [null, 'warning', true],
    [null, 'off_track', true],
    [null, 'failed', true],
    [null, 'on_track', false],
    [null, 'met', false],
    ['no_data', 'failed', true],
    ['no_measure', 'warning', true],
    ['needs_review', 'off_track', true],
    ['no_data', 'on_track', false],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(isWorsening(from, to)).toBe(expected);
  });

  it('grey statuses have no severity', () => {
    expect(['no_data', 'no_measure', 'needs_review'].map((s) => severityOf(s as Status))).toEqual([null, null, null]);
    expect(['met', 'on_track', 'warning', 'off_track', 'failed'].map((s) => severityOf(s as Status))).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('inlineText', () => {
  it('makes text safe for one markdown line', () => {
    expect(inlineText('  项目\n# 名称 ')).toBe('项目 # 名称');
    expect(inlineText('>=95%')).toBe('≥95%');
    expect(inlineText('<=320万元')).toBe('≤320万元');
    expect(inlineText('<24小时 <font>')).toBe('＜24小时 ＜font＞');
  });
});

const change = (over: Partial<StatusChange> = {}): StatusChange => ({
  projectId: 7,
  projectName: '生态环境宣传',
  indicatorId: 11,
  indicator: '两微发表信息数',
  from: 'on_track',
  to: 'warning',
  actual: 120,
  target: '≥300条',
  asOf: '2024-06-30',
  unit: '条',
  targetUnit: '条',
  ...over,
});

describe('alertMessage', () => {
  const changes = [
    change(),
    change({
      projectId: 8,
      projectName: '运维保障',
      indicatorId: 21,
      indicator: '运维成本',
      from: 'warning',
      to: 'failed',
      actual: 3_456_789,
      target: '<=320万元',
      unit: 'yuan',
      targetUnit: '万元',
    }),
    change({
      projectId: 8,
      projectName: '运维保障',
      indicatorId: 22,
      indicator: '故障解决时效',
      from: null,
      to: 'on_track',
      actual: 0.5,
      target: '≤4小时',
      unit: 'hours',
      targetUnit: '小时',
    }),
  ];

  it('WeCom: title counts worsenings; one line per change, reddest worsening first, coloured, with links', () => {
    const { title, markdown } = alertMessage('wecom', changes, { appUrl: 'https://jx.example.gov.cn/' });
    expect(title).toBe('绩效预警：2 项指标状态变差');
    expect(lines(markdown)).toEqual([
      '## 绩效预警：2 项指标状态变差',
      '截至 2024-06-30，共 3 项指标状态变化，其中 2 项变差：',
      '',
      '- **运维保障** · 运维成本：🟡 <font color="warning">预警</font> → 🔴 <font color="warning">未完成</font>；实际 345.68万元，目标 ≤320万元 [查看](https://jx.example.gov.cn/projects/8)',
      '- **生态环境宣传** · 两微发表信息数：🟢 <font color="info">正常</font> → 🟡 <font color="warning">预警</font>；实际 120条，目标 ≥300条 [查看](https://jx.example.gov.cn/projects/7)',
      '- **运维保障** · 故障解决时效：首次评估 → 🟢 <font color="info">正常</font>；实际 30分钟，目标 ≤4小时 [查看](https://jx.example.gov.cn/projects/8)',
      '',
      '[打开绩效监控系统](https://jx.example.gov.cn)',
    ]);
  });

  it('DingTalk: the same lines without <font>, and no links without appUrl', () => {
    const { markdown } = alertMessage('dingtalk', changes, {});
    expect(markdown).not.toContain('<font');
    expect(markdown).not.toContain('](');
    expect(lines(markdown)).toContain('- **运维保障** · 运维成本：🟡 预警 → 🔴 未完成；实际 345.68万元，目标 ≤320万元');
    expect(lines(markdown)).toContain('- **运维保障** · 故障解决时效：首次评估 → 🟢 正常；实际 30分钟，目标 ≤4小时');
  });

  it('without worsenings the title says changes; mixed days go on each line; grey shows ⚪', () => {
    const { title, markdown } = alertMessage(
      'dingtalk',
      [
        change({ from: 'warning', to: 'on_track', asOf: '2024-06-30' }),
        change({ indicator: '阅读量', from: 'on_track', to: 'no_data', actual: null, target: '>10万', asOf: '2024-07-01', unit: 'count', targetUnit: '万' }),
      ],
      {},
    );
    expect(title).toBe('绩效监控：2 项指标状态变化');
    expect(lines(markdown)[1]).toBe('共 2 项指标状态变化：');
    expect(markdown).toContain('🟡 预警 → 🟢 正常；实际 120条，目标 ≥300条（截至 2024-06-30）');
    expect(markdown).toContain('阅读量：🟢 正常 → ⚪ 无数据；实际 —，目标 ＞10万（截至 2024-07-01）');
  });

  it('the actual reads in the unit the target was written in', () => {
    const { markdown } = alertMessage(
      'dingtalk',
      [
        change({ indicator: '项目执行天数', to: 'off_track', actual: 8784, target: '≥300天', unit: 'hours', targetUnit: '天' }),
        change({ indicator: '响应时限', to: 'failed', actual: 18, target: '<1天', unit: 'hours', targetUnit: '天' }),
        change({ indicator: '阅读量', actual: 125_000, target: '>10万条', unit: '条', targetUnit: '万条' }),
        change({ indicator: '满意度', actual: 87.5, target: '≥95%', unit: 'percent', targetUnit: '%' }),
        change({ indicator: '运维成本', to: 'failed', actual: 3_500, target: '≤320万元', unit: 'yuan', targetUnit: '万元' }),
      ],
      {},
    );
    expect(lines(markdown)).toEqual(
      expect.arrayContaining([
        '- **生态环境宣传** · 项目执行天数：🟢 正常 → 🔴 偏离；实际 366天，目标 ≥300天',
        '- **生态环境宣传** · 响应时限：🟢 正常 → 🔴 未完成；实际 18小时，目标 ＜1天',
        '- **生态环境宣传** · 阅读量：🟢 正常 → 🟡 预警；实际 12.5万条，目标 ＞10万条',
        '- **生态环境宣传** · 满意度：🟢 正常 → 🟡 预警；实际 87.5%，目标 ≥95%',
        '- **生态环境宣传** · 运维成本：🟢 正常 → 🔴 未完成；实际 0.35万元，目标 ≤320万元',
      ]),
    );
  });

  it('names and targets cannot break the markdown (newlines, tags)', () => {
    const { markdown } = alertMessage('wecom', [change({ projectName: '宣传\n# 假标题', indicator: '<b>指标</b>' })], {});
    expect(lines(markdown)).toContain(
      '- **宣传 # 假标题** · ＜b＞指标＜/b＞：🟢 <font color="info">正常</font> → 🟡 <font color="warning">预警</font>；实际 120条，目标 ≥300条',
    );
  });

  it.each(['wecom', 'dingtalk'] as const)('%s: 300 changes stay within 4096 bytes, whole lines, the rest counted', (kind) => {
    const many = Array.from({ length: 300 }, (_, i) =>
      change({
        projectId: i,
        projectName: `第${i}号生态环境监测与宣传保障项目`,
        indicatorId: i,
        indicator: `第${i}项指标`,
        to: i % 2 ? 'off_track' : 'warning',
      }),
    );
    const { markdown } = alertMessage(kind, many, { appUrl: 'https://jx.example.gov.cn' });
    expect(utf8Bytes(markdown)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    const shown = lines(markdown).filter((l) => l.startsWith('- **')).length;
    const more = /另有 (\d+) 项变化未列出/.exec(markdown);
    expect(Number(more?.[1])).toBe(300 - shown);
    expect(shown).toBeGreaterThan(5);
    // off_track worsenings come before the warnings
    expect(
      lines(markdown)
        .filter((l) => l.startsWith('- **'))
        .every((l) => l.includes('🔴')),
    ).toBe(true);
    expect(markdown.endsWith('[打开绩效监控系统](https://jx.example.gov.cn)')).toBe(true);
  });

  it('no changes → a short message saying so', () => {
    expect(alertMessage('wecom', [], {}).markdown).toContain('没有指标状态变化。');
  });
});

const project = (over: Partial<DigestProject> = {}): DigestProject => ({
  id: 7,
  name: '生态环境宣传',
  asOf: '2024-06-30',
  timeShare: 0.49589,
  budget: { executionRate: 0.352, lamp: 'yellow' },
  score: { total: 86.5, grade: '良', forecast: true },
  statusCounts: { met: 3, on_track: 9, warning: 2, no_data: 3 },
  worst: [
    { indicator: '两微发表信息数', status: 'no_data', actual: null, target: '≥300条' },
    { indicator: '阅读量', status: 'warning', actual: 123_456, target: '>10万', unit: 'count', targetUnit: '万' },
  ],
  ...over,
});

describe('digestMessage', () => {
  const two = [
    project(),
    project({
      id: 8,
      name: '运维保障',
      budget: { executionRate: null, lamp: 'grey' },
      score: null,
      statusCounts: { failed: 1, on_track: 4 },
      worst: [{ indicator: '运维成本', status: 'failed', actual: 3_456_789, target: '≤320万元', unit: 'yuan', targetUnit: '万元' }],
    }),
  ];

  it('header with totals, then a section per project, the one with a red indicator first', () => {
    const { title, markdown } = digestMessage('wecom', two, { appUrl: 'https://jx.example.gov.cn' });
    expect(title).toBe('绩效监控周报（截至 2024-06-30）');
    const l = lines(markdown);
    expect(l[0]).toBe('## 绩效监控周报（截至 2024-06-30）');
    expect(l[1]).toBe('共 2 个项目，指标 🟢16 🟡2 🔴1 ⚪3；1 个项目有偏离或未完成的指标。');
    expect(l.indexOf('### 运维保障')).toBeLessThan(l.indexOf('### 生态环境宣传'));
    expect(l).toContain('- 时间进度 49.6% · 预算执行 🟡 35.2%');
    expect(l).toContain('- 预计自评得分 86.5 分（良）');
    expect(l).toContain('- 指标：🟢已完成 3 · 🟢正常 9 · 🟡预警 2 · ⚪无数据 3');
    expect(l).toContain('- 需关注：阅读量 🟡 <font color="warning">预警</font>（实际 12.35万，目标 ＞10万）');
    expect(l).toContain('- 需关注：两微发表信息数 ⚪ <font color="comment">无数据</font>（实际 —，目标 ≥300条）');
    expect(l.indexOf('- 需关注：阅读量 🟡 <font color="warning">预警</font>（实际 12.35万，目标 ＞10万）')).toBeLessThan(
      l.indexOf('- 需关注：两微发表信息数 ⚪ <font color="comment">无数据</font>（实际 —，目标 ≥300条）'),
    );
    expect(l).toContain('- 时间进度 49.6% · 预算执行 ⚪ 无预算数');
    expect(l).toContain('- 自评得分：暂无');
    expect(l).toContain('- 需关注：运维成本 🔴 <font color="warning">未完成</font>（实际 345.68万元，目标 ≤320万元）');
    expect(l).toContain('[查看项目详情](https://jx.example.gov.cn/projects/8)');
    expect(l).toContain('[查看项目详情](https://jx.example.gov.cn/projects/7)');
  });

  it('DingTalk: plain words; a final score says 自评得分; a project read on another day says so', () => {
    const { markdown } = digestMessage(
      'dingtalk',
      [project({ score: { total: 91.234, grade: '优', forecast: false } }), project({ id: 9, name: '往年项目', asOf: '2023-12-31' })],
      {},
    );
    expect(markdown).not.toContain('<font');
    expect(lines(markdown)).toContain('- 自评得分 91.23 分（优）');
    expect(lines(markdown)).toContain('- 截至 2023-12-31');
    expect(lines(markdown)).toContain('- 需关注：阅读量 🟡 预警（实际 12.35万，目标 ＞10万）');
  });

  it('a worst indicator without its written unit still reads in its normalised unit', () => {
    const { markdown } = digestMessage(
      'dingtalk',
      [
        project({
          worst: [
            { indicator: '故障解决时效', status: 'off_track', actual: 36, target: '≤24小时', unit: 'hours' },
            { indicator: '项目执行天数', status: 'warning', actual: 8784, target: '≥300天', unit: 'hours', targetUnit: '天' },
          ],
        }),
      ],
      {},
    );
    expect(lines(markdown)).toContain('- 需关注：故障解决时效 🔴 偏离（实际 36小时，目标 ≤24小时）');
    expect(lines(markdown)).toContain('- 需关注：项目执行天数 🟡 预警（实际 366天，目标 ≥300天）');
  });

  it('at most three indicators needing attention per project', () => {
    const worst = Array.from({ length: 6 }, (_, i) => ({ indicator: `指标${i}`, status: 'off_track' as const, actual: i, target: '≥10次' }));
    const { markdown } = digestMessage('dingtalk', [project({ worst })], {});
    expect(lines(markdown).filter((l) => l.startsWith('- 需关注：'))).toHaveLength(3);
  });

  it.each(['wecom', 'dingtalk'] as const)('%s: many projects → one compact line each, within 4096 bytes', (kind) => {
    const many = Array.from({ length: 12 }, (_, i) => project({ id: i + 1, name: `项目${i + 1}` }));
    many[7] = project({ id: 8, name: '项目8', statusCounts: { off_track: 2, on_track: 1 } });
    const { markdown } = digestMessage(kind, many, { appUrl: 'https://jx.example.gov.cn' });
    expect(utf8Bytes(markdown)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    expect(markdown).toContain('**各项目概况**（关注程度从高到低）');
    const items = lines(markdown).filter((l) => /^- .+ \*\*项目\d+\*\*/.test(l));
    expect(items).toHaveLength(12);
    expect(items[0]).toBe('- 🔴 **项目8**：指标 🟢1 🟡0 🔴2 ⚪0 · 预算执行 🟡 35.2% · 预计 86.5 分（良） [详情](https://jx.example.gov.cn/projects/8)');
    expect(markdown).not.toContain('另有');
  });

  it('too many projects even for compact lines → the least worrying are counted, not shown', () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      project({
        id: i + 1,
        name: `天津市生态环境综合保障中心第${i + 1}号运行维护项目`,
        statusCounts: i === 79 ? { failed: 1 } : { on_track: 5 },
      }),
    );
    const { markdown } = digestMessage('wecom', many, { appUrl: 'https://jx.example.gov.cn' });
    expect(utf8Bytes(markdown)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    const shown = lines(markdown).filter((l) => /^- [🟢🟡🔴⚪] \*\*/u.test(l));
    const more = /另有 (\d+) 个项目未列出/.exec(markdown);
    expect(shown.length + Number(more?.[1])).toBe(80);
    expect(shown[0]).toContain('第80号'); // the failing one leads
    expect(lines(markdown)[1]).toBe('共 80 个项目，指标 🟢395 🟡0 🔴1 ⚪0；1 个项目有偏离或未完成的指标。');
  });

  it('no projects → says so', () => {
    const { title, markdown } = digestMessage('wecom', [], {});
    expect(title).toBe('绩效监控周报');
    expect(markdown).toContain('没有在监控中的项目。');
  });
});
