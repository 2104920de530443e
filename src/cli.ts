import { pathToFileURL } from 'node:url';
import { channelsCommand, logCommand, postsCommand } from './cli/evidence.ts';
import { formatLines, UsageError, type CliContext, type Io } from './cli/io.ts';
import { measuresCommand, progressCommand } from './cli/progress.ts';
import { jobsCommand, probesCommand, robotsCommand } from './cli/jobs.ts';
import { importCommand, parseCommand, projectsCommand } from './cli/targets.ts';
import { AppError } from './errors.ts';

const usage = `用法 (usage): jixiao <command> [options]

  parse FILE [--year YYYY]              读取绩效目标表并输出 JSON，不写数据库
  import FILE [--year YYYY]             导入绩效目标表（同一单位/年度/项目名再次导入即更新）
  projects [--year YYYY|--all] [--json] 列出已导入的项目
  log import FILE [--project P] [--kind K]      批量导入工作记录（JSON Lines / CSV / XLSX，整份文件要么全部写入要么不写）
  channels add --platform P --name N --project P… [--app-id ID --secret-env VAR | --uid UID --token-env VAR | --url URL] [--base-url URL]
                                        添加发布渠道（wechat/weibo/rss/website）、接口凭据（环境变量名）并关联项目
  channels list [--json]                列出渠道
  posts import FILE --channel N [--as-of D]      导入微信公众号后台导出的数据明细（CSV/XLSX）
  measures list --project P [--json]    查看各指标的度量
  measures set INDICATOR_ID '<JSON>'|none        确认或修改指标的度量
  progress [--project P] [--as-of D] [--json]    各指标完成进度、预警与预计自评得分
  jobs list | run NAME [--date D] | history [NAME]  定时任务：列表、立即运行（--date 为数据日）、运行记录
  probes add --name N --target URL --project P | probes list      网络探测端点（tcp://host:port 或 http(s)://）
  robots add --kind wecom|dingtalk --webhook-env VAR [--secret-env VAR] --project P… | robots list   群机器人

  --year 默认为上海时区的当前年份；文件中写明年度时以文件为准，除非显式给出 --year。
  P 为项目 ID 或完整项目名；D 为日期 YYYY-MM-DD。
`;

const commands: Record<string, (args: string[], ctx: CliContext) => Promise<number>> = {
  parse: parseCommand,
  import: importCommand,
  projects: projectsCommand,
  log: logCommand,
  channels: channelsCommand,
  posts: postsCommand,
  measures: measuresCommand,
  progress: progressCommand,
  jobs: jobsCommand,
  probes: probesCommand,
  robots: robotsCommand,
};

export async function runCli(argv: string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(usage);
      return command === undefined ? 2 : 0;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`未知命令：${command}`);
    return await run(rest, { io, now });
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof AppError) {
      const lines = Array.isArray(err.details) ? err.details.filter((d) => d && typeof d === 'object' && 'message' in d) : [];
      io.err(`${err.message}\n${lines.length ? formatLines(lines) + '\n' : ''}`);
      return 1;
    }
    io.err(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runCli(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
