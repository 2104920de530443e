// The self-evaluation package (自评材料包): its button and the refusals of its faces. The package itself is an
// official document and stays in Chinese. Chinese is the source; English must name every key.

export const zh = {
  'package.button': '下载自评材料包（ZIP）',
  'package.buttonHint': '自评表、监控表、按指标行编号的佐证材料及材料索引',
  'package.err.project': '导出自评材料包需要 --project P（项目 ID 或完整项目名）',
  'package.err.unit': '自评材料包按项目导出：请用 --project P，不能用 --unit',
  'package.err.year': '--year 只与 --unit 一起用于工作簿；自评材料包的年度就是项目的年度',
  'package.written': '已写入 {file}（{files} 份佐证材料，{empty} 个指标行没有材料；建议文件名：{name}）',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'package.button': 'Download the self-evaluation package (ZIP)',
  'package.buttonHint': 'Both tables, the supporting files numbered by indicator row, and their index',
  'package.err.project': 'The self-evaluation package needs --project P (a project ID or its full name)',
  'package.err.unit': 'The self-evaluation package is made per project: use --project P, not --unit',
  'package.err.year': '--year goes with --unit for the workbooks; a package’s year is its project’s',
  'package.written': 'Wrote {file} ({files} supporting files, {empty} indicator rows without one; suggested name: {name})',
};
