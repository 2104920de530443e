// Every command's arguments, options and help text, as data. The dispatcher parses and validates argv
// against these before it loads a command's module, so `--help`, a usage error or a bad date answer in
// well under a second without importing the database, the office readers or the job connectors.
// Choice lists are repeated here (not imported) for the same reason; test/cli/usage.test.ts checks
// them against the modules that own them.

/** How a value is read: `year` 2000–2100, `day` an existing YYYY-MM-DD, `id` 1…2^31−1, `project` an id or a name. */
export type ValueKind = 'text' | 'file' | 'year' | 'day' | 'id' | 'project' | 'count' | 'days' | 'env' | 'url' | 'json' | 'list';

export interface OptionSpec {
  kind: ValueKind | 'flag';
  /** Placeholder shown in usage (`YYYY`, `D`, `P`). */
  arg?: string;
  multiple?: boolean;
  required?: boolean;
  choices?: readonly string[];
  help: string;
}

export interface ArgSpec {
  /** The key handlers read it by. */
  key: string;
  /** How usage shows it (`FILE`, `INDICATOR_ID`). */
  name: string;
  kind: ValueKind;
  optional?: boolean;
  choices?: readonly string[];
  help: string;
}

export interface CommandSpec {
  /** `import`, or `jobs run` for a subcommand. */
  name: string;
  summary: string;
  args: readonly ArgSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Extra lines of `--help`. */
  notes?: readonly string[];
}

export const entryKindChoices = [
  'activity',
  'opinion_report',
  'incident',
  'risk_check',
  'report',
  'task',
  'inspection',
  'fault',
  'maintenance',
  'procurement',
  'expenditure',
  'survey',
  'tally',
] as const;
export const platformChoices = ['wechat', 'weibo', 'rss', 'website'] as const;
export const jobChoices = ['wechat', 'weibo', 'rss', 'probes', 'alerts', 'digest'] as const;
export const roleChoices = ['admin', 'staff', 'leader'] as const;
export const reportChoices = ['selfeval', 'monitoring', 'package'] as const;

const json = { kind: 'flag', help: '输出 JSON' } as const;
const projectRef = '项目 ID 或完整项目名';
// What the person importing a target table may say that the table leaves out (docs/design.md, Targets).
const tableOptions = {
  unit: { kind: 'text', arg: 'CODE NAME', help: '导入到这个单位（「代码 名称」或单位名称），优先于表中的单位；表中没有单位时使用' },
  'project-name': { kind: 'text', arg: 'NAME', help: '表中没有项目名称时使用的项目名称' },
  strict: { kind: 'flag', help: '有项目被截断（表格不完整）时整个文件不导入，而不是只导入完整的项目' },
} as const;
const yearNote = '未指定 --year 时使用有项目的最近年度（并在 stderr 说明）';

export const commandSpecs = {
  parse: {
    name: 'parse',
    summary: '读取绩效目标表并输出 JSON，不写数据库',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '绩效目标表：.docx、.xlsx，或网页/文档复制出的文本（UTF-8 或 GBK）' }],
    options: {
      year: { kind: 'year', arg: 'YYYY', help: '表中未写明年度时使用的年度（默认上海时区的当前年份）；给出时优先于表中年度' },
      ...tableOptions,
      explain: { kind: 'flag', help: '不输出 JSON，逐行列出每个单元格读成了哪一列、读成了什么指标，以及每个项目的读取把握和原因' },
    },
    notes: [
      '文件无法作为绩效目标表读取时退出码为 1，stderr 按行号列出原因。',
      '表格被截断的项目不读入（stderr 说明行号），其余完整的项目照常读入；表中没有单位时依次取 --unit、主管部门、文件名。',
    ],
  },
  import: {
    name: 'import',
    summary: '导入绩效目标表（同一单位/年度/项目名再次导入即更新）',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '绩效目标表文件（同 parse）' }],
    options: { year: { kind: 'year', arg: 'YYYY', help: '年度；未给出时用表中写明的年度，表中也没有时用上海时区的当前年份' }, ...tableOptions },
    notes: [
      '导入所用的年度写在 stderr；给出 --year 且与表中年度不同时，按 --year 导入并给出警告。',
      '表格被截断的项目不导入（警告中说明行号），其余完整的项目照常导入；--strict 时整个文件不导入。',
    ],
  },
  projects: {
    name: 'projects',
    summary: '列出已导入的项目',
    args: [],
    options: {
      year: { kind: 'year', arg: 'YYYY', help: '只列这一年度的项目' },
      all: { kind: 'flag', help: '列出所有年度' },
      json: { kind: 'flag', help: '输出 JSON：[{ id, name, year, unit: { code, name }, indicatorCount }]' },
    },
    notes: [yearNote + '。'],
  },
  'log import': {
    name: 'log import',
    summary: '批量导入工作记录（JSON Lines / CSV / XLSX；整份文件要么全部写入，要么一条不写）',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '.jsonl、.csv 或 .xlsx 文件' }],
    options: {
      project: { kind: 'project', arg: 'P', help: `文件中没有“项目”列或该格为空时使用的项目（${projectRef}）` },
      kind: { kind: 'text', arg: 'K', choices: entryKindChoices, help: '没写类型的行使用的记录类型' },
    },
    notes: [
      '一个文件可以混合多种记录类型：每行的类型取自它自己的“类型/kind”列（JSON Lines 为 "kind" 字段）；',
      '没写类型的行用 --kind，否则按列名推断。任何一行有错，整份文件都不写入，错误逐行列出行号和字段。',
    ],
  },
  'channels add': {
    name: 'channels add',
    summary: '添加发布渠道并关联项目；接口凭据只记环境变量名',
    args: [],
    options: {
      platform: { kind: 'text', arg: 'PLATFORM', required: true, choices: platformChoices, help: '平台' },
      name: { kind: 'text', arg: 'N', required: true, help: '渠道名称（如公众号名）' },
      project: { kind: 'project', arg: 'P', multiple: true, help: `关联的项目，可重复（${projectRef}）` },
      'app-id': { kind: 'text', arg: 'ID', help: '微信 AppID（与 --secret-env 一起给出）' },
      'secret-env': { kind: 'env', arg: 'VAR', help: '存放微信 AppSecret 的环境变量名（须以 JIXIAO_SECRET_ 开头）' },
      uid: { kind: 'text', arg: 'UID', help: '微博用户 ID' },
      'token-env': { kind: 'env', arg: 'VAR', help: '存放微博 access token 的环境变量名（须以 JIXIAO_SECRET_ 开头）' },
      'count-url': { kind: 'url', arg: 'URL', help: '微博阅读数来源（可选）；须为官方接口地址或 OUTBOUND_HOSTS 中的主机' },
      url: { kind: 'url', arg: 'URL', help: 'RSS 地址（rss 渠道必填）' },
      'base-url': { kind: 'url', arg: 'URL', help: '接口地址，覆盖 WECHAT_API_BASE / WEIBO_API_BASE；须为官方接口地址或 OUTBOUND_HOSTS 中的主机' },
    },
  },
  'channels list': {
    name: 'channels list',
    summary: '列出渠道及其项目与文章数',
    args: [],
    options: { json },
  },
  'posts import': {
    name: 'posts import',
    summary: '导入微信公众号后台导出的数据明细（CSV/XLSX）',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '数据分析 → 已通知内容 → 下载数据明细 得到的文件' }],
    options: {
      channel: { kind: 'text', arg: 'N', required: true, help: '渠道名称' },
      'as-of': { kind: 'day', arg: 'D', help: '阅读数快照的日期（默认今天）' },
    },
  },
  'measures list': {
    name: 'measures list',
    summary: '查看项目各指标的度量',
    args: [],
    options: { project: { kind: 'project', arg: 'P', required: true, help: projectRef }, json },
  },
  'measures set': {
    name: 'measures set',
    summary: '确认或修改一个指标的度量',
    args: [
      { key: 'indicator', name: 'INDICATOR_ID', kind: 'id', help: '指标 ID（见 measures list）' },
      { key: 'spec', name: "'<JSON>'|none", kind: 'json', help: '度量定义，如 \'{"type":"count","source":"entries","kind":"activity"}\'；none 解除度量' },
    ],
    options: {},
  },
  progress: {
    name: 'progress',
    summary: '各指标的实际、应达、预计、状态与亮灯；预算执行；预计自评得分',
    args: [],
    options: {
      project: { kind: 'project', arg: 'P', help: `只看这个项目（${projectRef}）` },
      'as-of': { kind: 'day', arg: 'D', help: '截至日期（默认今天，期间已结束则为期末）' },
      json,
    },
    notes: ['未指定 --project 时列出 --as-of 所在年度的项目；两者都未指定时使用有项目的最近年度（并在 stderr 说明）。'],
  },
  export: {
    name: 'export',
    summary: '导出官方表格（Excel）：项目支出绩效自评表或绩效监控表；或一个项目的自评材料包（ZIP）',
    args: [
      {
        key: 'kind',
        name: 'KIND',
        kind: 'text',
        choices: reportChoices,
        help: 'selfeval 绩效自评表 / monitoring 绩效监控表 / package 自评材料包（两张表、佐证材料、材料索引）',
      },
    ],
    options: {
      project: { kind: 'project', arg: 'P', help: `一个项目（${projectRef}）` },
      unit: { kind: 'text', arg: 'CODE', help: '一个单位的全部项目（单位代码或名称），每个项目一个工作表（不用于 package）' },
      year: { kind: 'year', arg: 'YYYY', help: '与 --unit 一起：预算年度（默认 --as-of 所在年度，否则该单位有项目的最近年度）' },
      'as-of': { kind: 'day', arg: 'D', help: '截至日期（默认今天，期间已结束则为期末）' },
      out: { kind: 'file', arg: 'FILE', required: true, help: '写入的文件：表格为 .xlsx，材料包为 .zip（已存在则覆盖）' },
    },
    notes: [
      '--project 与 --unit 二选一。表中数字与 `progress --as-of D` 相同；期间未结束时得分为预测，表头注明。',
      'package 只用 --project：ZIP 内有自评表、监控表、索引.xlsx（材料索引），以及 佐证材料/<行号> <一级-二级-三级>/<序号> <文件名>，行号与自评表指标行的顺序一致。',
    ],
  },
  review: {
    name: 'review',
    summary: '复核一份填好的项目支出绩效自评表（自评复核），不需要数据库',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '自评表：.xlsx、.docx，或网页复制出的文本（UTF-8 或 GBK）' }],
    options: { json },
    notes: [
      '逐行列出得分、总分、执行率及其得分、自评等级与表中数值和计分规则不一致之处，以及未能核对的行。',
      '退出码：0 未发现不一致（可能仍有未核对的行），1 有不一致或文件无法读取，2 用法错误。',
    ],
  },
  'jobs list': {
    name: 'jobs list',
    summary: '列出定时任务及其时间表',
    args: [],
    options: {},
  },
  'jobs run': {
    name: 'jobs run',
    summary: '立即运行一个定时任务',
    args: [{ key: 'job', name: 'NAME', kind: 'text', choices: jobChoices, help: '任务名' }],
    options: { date: { kind: 'day', arg: 'D', help: '数据日：做 D+1 早上的定时运行所做的事' } },
  },
  'jobs history': {
    name: 'jobs history',
    summary: '定时任务的运行记录（时间为上海时区）',
    args: [{ key: 'job', name: 'NAME', kind: 'text', optional: true, choices: jobChoices, help: '只看这个任务' }],
    options: { limit: { kind: 'count', arg: 'N', help: '最多显示几条（1–1000，默认 30）' }, json },
  },
  'probes add': {
    name: 'probes add',
    summary: '添加网络探测端点',
    args: [],
    options: {
      name: { kind: 'text', arg: 'N', required: true, help: '端点名称' },
      target: { kind: 'url', arg: 'URL', required: true, help: 'tcp://主机:端口 或 http(s)://…' },
      project: { kind: 'project', arg: 'P', help: `联通率计入的项目（${projectRef}）` },
    },
  },
  'probes list': {
    name: 'probes list',
    summary: '列出网络探测端点',
    args: [],
    options: {},
  },
  'robots add': {
    name: 'robots add',
    summary: '添加群机器人（企业微信 / 钉钉），推送预警与周报',
    args: [],
    options: {
      kind: { kind: 'text', arg: 'KIND', required: true, choices: ['wecom', 'dingtalk'], help: '机器人类型' },
      'webhook-env': { kind: 'env', arg: 'VAR', required: true, help: '存放 Webhook 地址的环境变量名（须以 JIXIAO_SECRET_ 开头）' },
      'secret-env': { kind: 'env', arg: 'VAR', help: '存放加签密钥的环境变量名（须以 JIXIAO_SECRET_ 开头）' },
      project: { kind: 'project', arg: 'P', multiple: true, required: true, help: `推送的项目，可重复（${projectRef}）` },
      name: { kind: 'text', arg: 'N', help: '机器人名称（默认 类型:变量名）' },
      events: { kind: 'list', arg: 'E', choices: ['alerts', 'digest'], help: '推送内容，逗号分隔：alerts,digest（默认两者）' },
    },
  },
  'robots list': {
    name: 'robots list',
    summary: '列出群机器人',
    args: [],
    options: {},
  },
  'users add': {
    name: 'users add',
    summary: '添加用户：admin（全部权限）、staff（登记本单位的工作记录、填报与评价）、leader（查看本单位）',
    args: [{ key: 'name', name: 'NAME', kind: 'text', help: '用户名（登录名，如 宣传科小王）' }],
    options: {
      role: { kind: 'text', arg: 'ROLE', required: true, choices: roleChoices, help: '角色' },
      unit: { kind: 'text', arg: 'CODE', help: '所属单位的代码（或完整名称）；不给出表示全部单位（管理员总是全部单位）' },
      'password-stdin': { kind: 'flag', help: '从标准输入读取密码（8–128 个字符，不能是常见密码）；不给出时生成随机密码并只显示这一次' },
    },
  },
  'users list': {
    name: 'users list',
    summary: '列出用户',
    args: [],
    options: { json },
  },
  'users disable': {
    name: 'users disable',
    summary: '停用用户：其令牌立即失效，已登记的记录保留署名',
    args: [{ key: 'name', name: 'NAME', kind: 'text', help: '用户名' }],
    options: {},
  },
  'users reset-password': {
    name: 'users reset-password',
    summary: '重设用户密码（不给出 --password-stdin 时生成随机密码并只显示这一次）',
    args: [{ key: 'name', name: 'NAME', kind: 'text', help: '用户名' }],
    options: { 'password-stdin': { kind: 'flag', help: '从标准输入读取新密码' } },
  },
  'tokens create': {
    name: 'tokens create',
    summary: '为用户签发 API 令牌（Authorization: Bearer …），只显示这一次',
    args: [],
    options: {
      user: { kind: 'text', arg: 'NAME', required: true, help: '用户名' },
      expires: { kind: 'days', arg: 'DAYS', help: '有效天数（1–3650，默认 90）' },
      label: { kind: 'text', arg: 'L', help: '用途说明（如 机器人链接）' },
    },
  },
  'tokens list': {
    name: 'tokens list',
    summary: '列出令牌（只显示前缀，不显示令牌本身）',
    args: [],
    options: { user: { kind: 'text', arg: 'NAME', help: '只看这个用户的令牌' }, json },
  },
  'tokens revoke': {
    name: 'tokens revoke',
    summary: '撤销令牌，立即失效',
    args: [{ key: 'id', name: 'ID', kind: 'id', help: '令牌编号（见 tokens list）' }],
    options: {},
  },
  audit: {
    name: 'audit',
    summary: '审计日志：谁、何时、从哪里、做了什么、改动前后（最新在前）',
    args: [],
    options: {
      since: { kind: 'day', arg: 'D', help: '从这一天起（上海时区）' },
      until: { kind: 'day', arg: 'D', help: '到这一天止' },
      user: { kind: 'text', arg: 'NAME', help: '只看这个人的操作' },
      action: { kind: 'text', arg: 'A', help: '只看这类操作，如 entry.correct、user.add' },
      limit: { kind: 'count', arg: 'N', help: '最多显示几条（1–1000，默认 50）' },
      json,
    },
  },
  backup: {
    name: 'backup',
    summary: '备份整个数据库到一个文件（gzip 压缩的 JSON Lines；PGlite 与 PostgreSQL 通用）',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '写入的文件，如 jixiao-2024-07-01.jsonl.gz（已存在则覆盖）' }],
    options: {},
    notes: ['备份取自同一时刻的一致快照，服务运行时也可以备份。文件含密码和令牌的哈希，请妥善保管；密钥本身只在环境变量中，不在备份里。'],
  },
  restore: {
    name: 'restore',
    summary: '把备份恢复到一个空数据库（同一版本的数据库结构；全部写入或一行不写）',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: 'jixiao backup 写出的文件' }],
    options: {},
    notes: [
      '目标数据库由 DATABASE_URL（或 DATA_DIR）决定，必须是空的：在第一次启动服务之前恢复。',
      '从 PGlite 迁到 PostgreSQL：jixiao backup FILE，然后设置 DATABASE_URL 再 jixiao restore FILE。',
    ],
  },
  'files list': {
    name: 'files list',
    summary: '列出一个项目的佐证材料（附在哪条记录上、类型、大小、上传人和时间）',
    args: [],
    options: {
      project: { kind: 'project', arg: 'P', required: true, help: projectRef },
      history: { kind: 'flag', help: '也列出已移除的材料（含移除人、时间和原因）' },
      json,
    },
  },
  'files add': {
    name: 'files add',
    summary: '为一条记录上传佐证材料：图片、PDF、Word（DOCX）或 Excel（XLSX），类型按文件内容判断',
    args: [{ key: 'file', name: 'FILE', kind: 'file', help: '要上传的文件（不超过 UPLOAD_LIMIT_MB）' }],
    options: {
      entry: { kind: 'id', arg: 'ID', help: '附在这条工作记录上' },
      value: { kind: 'id', arg: 'ID', help: '附在这个人工填报值上' },
      assessment: { kind: 'id', arg: 'ID', help: '附在这条定性评价上' },
      note: { kind: 'id', arg: 'ID', help: '附在这条监测记录上' },
      caption: { kind: 'text', arg: 'TEXT', help: '说明（可选）' },
    },
    notes: ['--entry、--value、--assessment、--note 四选一。同一记录上已有相同内容的文件时不重复保存。'],
  },
  'files get': {
    name: 'files get',
    summary: '下载一份佐证材料（按上传时的原样，已移除的也可下载）',
    args: [{ key: 'file', name: 'FILE_ID', kind: 'id', help: '佐证材料 ID（见 files list）' }],
    options: { out: { kind: 'file', arg: 'FILE', required: true, help: '写入的文件（已存在则覆盖）' } },
  },
  'files remove': {
    name: 'files remove',
    summary: '移除一份佐证材料（更正：保留在历史中，记录移除人、时间和原因）',
    args: [{ key: 'file', name: 'FILE_ID', kind: 'id', help: '佐证材料 ID（见 files list）' }],
    options: { reason: { kind: 'text', arg: 'TEXT', required: true, help: '移除原因' } },
  },
  doctor: {
    name: 'doctor',
    summary: '检查配置、数据库与迁移、时钟与时区、渠道和机器人所需的密钥变量、上游接口是否可达',
    args: [],
    options: { json: { kind: 'flag', help: '输出 JSON：{ ok, summary, checks: [{ check, status, message }] }' } },
    notes: ['每项一行：✓ 正常，! 提醒，✗ 失败；有失败时退出码为 1。不显示任何密钥的值。'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commandSpecs;

/** Commands with subcommands (`jobs run`), by their first word. */
export const commandGroups: Record<string, string> = {
  log: '工作记录',
  channels: '发布渠道',
  posts: '公众号文章',
  measures: '指标度量',
  files: '佐证材料',
  jobs: '定时任务',
  probes: '网络探测',
  robots: '群机器人',
  users: '用户',
  tokens: 'API 令牌',
};
