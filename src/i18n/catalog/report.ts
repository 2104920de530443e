// The official tables (自评表, 监控表): their download buttons, the printable page and their errors.
// Chinese is the source; English must name every key. The tables themselves are official forms and stay in Chinese.

export const zh = {
  'report.selfeval': '自评表',
  'report.monitoring': '监控表',
  'report.downloadSelfeval': '下载自评表（Excel）',
  'report.downloadMonitoring': '下载监控表（Excel）',
  'report.printSelfeval': '自评表（可打印）',
  'report.unitWorkbooks': '本单位全部项目：',
  'report.forecastNotice': '期间尚未结束：得分按截至 {asOf} 的进度预测，期末（{end}）以后导出的才是自评结果。',
  'report.back': '返回项目',
  'report.print': '打印',
  'report.err.unitNoProjects': '单位“{unit}”在 {year} 年度没有项目',
  'report.err.scope': '请指定 --project 或 --unit 之一',
  'report.err.unitUnknown': '没有代码或名称为“{unit}”的单位',
  'report.err.unwritable': '无法写入文件 {file}：{why}',
  'report.err.noDirectory': '所在目录不存在',
  'report.err.isDirectory': '这是一个目录',
  'report.err.noPermission': '没有写入权限',
  'report.err.writeFailed': '写入失败',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'report.selfeval': 'Self-evaluation table',
  'report.monitoring': 'Monitoring table',
  'report.downloadSelfeval': 'Download self-evaluation (Excel)',
  'report.downloadMonitoring': 'Download monitoring table (Excel)',
  'report.printSelfeval': 'Self-evaluation (printable)',
  'report.unitWorkbooks': 'All projects of this unit:',
  'report.forecastNotice':
    'The period is not over: scores are forecasts from progress as of {asOf}; only a table exported after its end ({end}) is the self-evaluation.',
  'report.back': 'Back to the project',
  'report.print': 'Print',
  'report.err.unitNoProjects': 'Unit “{unit}” has no project in {year}',
  'report.err.scope': 'Give one of --project or --unit',
  'report.err.unitUnknown': 'No unit has the code or name “{unit}”',
  'report.err.unwritable': 'Cannot write the file {file}: {why}',
  'report.err.noDirectory': 'its directory does not exist',
  'report.err.isDirectory': 'it is a directory',
  'report.err.noPermission': 'permission denied',
  'report.err.writeFailed': 'writing failed',
};
