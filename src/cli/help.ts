// Usage and `--help` text, generated from the specs so that help and parsing cannot disagree.
import type { Language } from '../format/status-labels.ts';
import { translator } from '../i18n/messages.ts';
import { type ArgSpec, commandGroups, type CommandSpec, commandSpecs, type OptionSpec } from './specs.ts';

const specs = Object.values(commandSpecs) as CommandSpec[];

function optionSynopsis(name: string, o: OptionSpec): string {
  const shortChoices = o.choices && o.kind !== 'list' && o.choices.length <= 4;
  const value = o.kind === 'flag' ? '' : ` ${shortChoices ? o.choices!.join('|') : (o.arg ?? 'X')}`;
  const one = `--${name}${value}`;
  const repeated = o.multiple ? `${one} …` : one;
  return o.required ? repeated : `[${repeated}]`;
}

function argSynopsis(a: ArgSpec): string {
  return a.optional ? `[${a.name}]` : a.name;
}

/** `jobs run NAME [--date D]`: the command, its arguments, required then optional options. */
export function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options) as [string, OptionSpec][];
  return [
    spec.name,
    ...spec.args.map(argSynopsis),
    ...options.filter(([, o]) => o.required).map(([n, o]) => optionSynopsis(n, o)),
    ...options.filter(([, o]) => !o.required).map(([n, o]) => optionSynopsis(n, o)),
  ].join(' ');
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(28, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([l, r]) => (l.length > width ? `  ${l}\n  ${''.padEnd(width)}  ${r}` : `  ${l.padEnd(width)}  ${r}`));
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`用法：jixiao ${synopsis(spec)}`, '', spec.summary];
  if (spec.args.length > 0) {
    lines.push('', '参数：', ...table(spec.args.map((a) => [a.name, a.choices ? `${a.help}：${a.choices.join(' / ')}` : a.help])));
  }
  const options = (Object.entries(spec.options) as [string, OptionSpec][]).map(([n, o]): [string, string] => [
    `--${n}${o.kind === 'flag' ? '' : ` ${o.arg ?? 'X'}`}`,
    `${o.help}${o.choices ? `：${o.choices.join(o.kind === 'list' ? ',' : ' / ')}` : ''}${o.required ? '（必填）' : ''}${o.multiple ? '（可重复）' : ''}`,
  ]);
  lines.push('', '选项：', ...table([...options, ['-h, --help', '显示本说明']]));
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return lines.join('\n') + '\n';
}

export function groupSpecs(group: string): CommandSpec[] {
  return specs.filter((s) => s.name.startsWith(`${group} `));
}

export function groupHelp(group: string): string {
  const subs = groupSpecs(group);
  return (
    [
      `用法：jixiao ${group} <子命令>（${commandGroups[group] ?? group}）`,
      '',
      ...subs.flatMap((s) => [`  jixiao ${synopsis(s)}`, `      ${s.summary}`]),
      '',
      `jixiao ${group} <子命令> --help 查看子命令的说明。`,
    ].join('\n') + '\n'
  );
}

export function topUsage(): string {
  return (
    [
      '用法：jixiao <命令> [参数] [选项]',
      '',
      ...specs.flatMap((s) => [`  ${synopsis(s)}`, `      ${s.summary}`]),
      '',
      'jixiao <命令> --help 查看该命令的说明。P 为项目 ID 或完整项目名；D 为日期 YYYY-MM-DD（上海时区）。',
      '任何命令都可加 --as 名字：把这次改动记在这个名字下（审计日志、记录的登记人）；不加时为操作系统用户。',
      '退出码：0 成功；1 文件或数据库拒绝；2 用法错误。',
    ].join('\n') + '\n'
  );
}

/** The one-line reminder after a usage error. */
export function usageHint(spec: CommandSpec | null, group: string | null, language: Language = 'zh'): string {
  const t = translator(language);
  const list = (names: string[]) => names.join(language === 'en' ? ', ' : '、');
  if (spec) return `${t('err.cli.usage', { synopsis: synopsis(spec), command: spec.name })}\n`;
  if (group) return `${t('err.cli.subcommands', { names: list(groupSpecs(group).map((s) => s.name.split(' ')[1]!)), group })}\n`;
  return `${t('err.cli.commands', { names: list([...new Set(specs.map((s) => s.name.split(' ')[0]!))]) })}\n`;
}
