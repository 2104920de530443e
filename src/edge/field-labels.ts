// Chinese names of the fields the API, the CLI and bulk files take, so that every rejection names its
// field the way a user reads it: `截至日期（asOf）：日期不存在：2024-02-30`.

const labels: Record<string, string> = {
  id: '编号',
  asOf: '截至日期',
  from: '开始日期',
  to: '结束日期',
  limit: '条数',
  offset: '起始位置',
  step: '间隔',
  year: '年度',
  dryRun: '仅预览',
  fileName: '文件名',
  file: '文件',
  body: '请求体',
  history: '含历史版本',
  kind: '记录类型',
  project: '项目',
  projects: '项目',
  name: '名称',
  platform: '平台',
  settings: '接口设置',
  value: '数值',
  note: '说明',
  evidenceUrl: '佐证链接',
  supersedes: '更正的记录',
  tier: '评价档次',
  score: '得分',
  by: '确认人',
  measure: '度量',
  fields: '字段',
  voided: '撤销',
  reason: '原因',
  target: '对象',
  intervalMinutes: '探测间隔（分钟）',
  webhookEnv: 'Webhook 所在环境变量',
  secretEnv: '密钥所在环境变量',
  tokenEnv: '令牌所在环境变量',
  baseUrl: '接口地址',
  countUrl: '阅读数接口地址',
  appId: 'AppID',
  uid: '微博 uid',
  url: '网址',
  username: '用户名',
  password: '密码',
  current: '当前密码',
  role: '角色',
  expiresDays: '有效期（天）',
  label: '用途说明',
  user: '用户',
  since: '开始日期',
  until: '结束日期',
  action: '操作',
  events: '推送内容',
  jobName: '任务名',
  'x-user': '操作人（X-User）',
  unit: '单位',
  projectName: '项目名称',
  strict: '严格模式',
  type: '度量类型',
  source: '数据来源',
  metric: '指标',
  platforms: '平台',
  field: '字段',
  where: '筛选条件',
  hit: '计为达成的条件',
  stat: '统计方式',
  withinHours: '时限（小时）',
  openCountsAsAge: '未解决按已持续时长计',
};

/** `截至日期（asOf）` for a known field (the last path segment names it), else the path itself. */
export function fieldLabel(path: string, extra: Record<string, string> = {}): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  const label = extra[last] ?? labels[last];
  return label ? `${label}（${path}）` : path;
}
