// argv → a command's typed arguments and options, by its spec (specs.ts). Node's parseArgs does the
// splitting; its English errors become short Chinese usage errors, and every value is read by its kind.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ArgSpec, CommandSpec, OptionSpec } from './specs.ts';
import { readValue, UsageError } from './values.ts';
import { type Said, said } from '../errors.ts';
import type { CliContext } from './io.ts';

type KindValue<K> = K extends 'flag' ? boolean : K extends 'year' | 'id' | 'count' | 'days' ? number : K extends 'list' ? string[] : string;

type OptionValue<O extends OptionSpec> = O extends { multiple: true }
  ? KindValue<O['kind']>[]
  : O extends { required: true }
    ? KindValue<O['kind']>
    : KindValue<O['kind']> | undefined;

export type CommandOptions<S extends CommandSpec> = { [K in keyof S['options']]: OptionValue<S['options'][K]> };
export type CommandArgs<S extends CommandSpec> = {
  [A in S['args'][number] as A['key']]: A extends { optional: true } ? KindValue<A['kind']> | undefined : KindValue<A['kind']>;
};
export interface CommandInput<S extends CommandSpec> {
  args: CommandArgs<S>;
  options: CommandOptions<S>;
}

export type Parsed<S extends CommandSpec> = { help: true } | ({ help: false } & CommandInput<S>);

/** `--help` or `-h` anywhere before a `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Node's parseArgs message → a short one of ours. */
function parseArgsMessage(err: Error & { code?: string }): Said {
  const option = /'(-{1,2}[^' <]+)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return said('err.cli.unknownOption', { option });
  if (/argument missing/.test(err.message)) return said('err.cli.optionNeedsValue', { option });
  if (/does not take an argument/.test(err.message)) return said('err.cli.optionNoValue', { option });
  if (/ambiguous/.test(err.message)) return said('err.cli.optionDash', { option });
  return said('err.cli.optionWrong', { option });
}

export function parseCommandArgs<S extends CommandSpec>(spec: S, argv: string[]): Parsed<S> {
  if (wantsHelp(argv)) return { help: true };
  const config: ParseArgsConfig['options'] = {};
  for (const [name, o] of Object.entries(spec.options) as [string, OptionSpec][]) {
    config[name] = { type: o.kind === 'flag' ? 'boolean' : 'string', multiple: o.multiple ?? false };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof config; allowPositionals: true; strict: true; tokens: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    if (err instanceof Error && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(parseArgsMessage(err));
    throw err;
  }

  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name) && !spec.options[t.name]?.multiple) throw new UsageError(said('err.cli.optionOnce', { option: `--${t.name}` }));
    seen.add(t.name);
  }

  const options: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(spec.options) as [string, OptionSpec][]) {
    const raw = parsed.values[name];
    const label = `--${name}`;
    if (raw === undefined) {
      if (o.required) throw new UsageError(said('err.cli.missingOption', { option: `${label}${o.arg ? ` ${o.arg}` : ''}` }));
      options[name] = o.multiple ? [] : undefined;
    } else if (o.kind === 'flag') options[name] = raw;
    else if (Array.isArray(raw)) options[name] = raw.map((v) => readValue(o.kind as Exclude<OptionSpec['kind'], 'flag'>, String(v), label, o.choices));
    else options[name] = readValue(o.kind as Exclude<OptionSpec['kind'], 'flag'>, String(raw), label, o.choices);
  }

  const positionals = parsed.positionals;
  const specArgs = spec.args as readonly ArgSpec[];
  if (positionals.length > specArgs.length) throw new UsageError(said('err.cli.extra', { args: positionals.slice(specArgs.length).join(' ') }));
  const args: Record<string, unknown> = {};
  specArgs.forEach((a, i) => {
    const raw = positionals[i];
    if (raw === undefined) {
      if (!a.optional) throw new UsageError(said('err.cli.missingArg', { name: a.name }));
      args[a.key] = undefined;
    } else args[a.key] = readValue(a.kind, raw, a.name, a.choices);
  });
  return { help: false, args, options } as Parsed<S>;
}

/** A command's implementation, loaded only when the command runs. */
export type Handler<S extends CommandSpec> = (input: CommandInput<S>, ctx: CliContext) => Promise<number>;
