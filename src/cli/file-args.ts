// A command sent to the running server (src/cli/forward.ts) names files relative to the directory the person
// typed it in, which the server does not share: every argument and option of kind `file` is made absolute
// here, in the client, by the command's spec. `-` (standard input or output) is left as it is.
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ArgSpec, CommandSpec, OptionSpec } from './specs.ts';

/** `rest` (argv after the command's name, already validated by parseCommandArgs) with file paths absolute against `cwd`. */
export function absoluteFileArgs(spec: CommandSpec, rest: readonly string[], cwd: string): string[] {
  const config: ParseArgsConfig['options'] = {};
  for (const [name, o] of Object.entries(spec.options) as [string, OptionSpec][]) {
    config[name] = { type: o.kind === 'flag' ? 'boolean' : 'string', multiple: o.multiple ?? false };
  }
  const { tokens } = parseArgs({ args: [...rest], options: config, allowPositionals: true, strict: true, tokens: true });
  const out = [...rest];
  const absolute = (value: string) => {
    const v = value.trim();
    return v === '-' || isAbsolute(v) ? value : resolve(cwd, v);
  };
  let positional = 0;
  for (const t of tokens) {
    if (t.kind === 'positional') {
      const arg = (spec.args as readonly ArgSpec[])[positional++];
      if (arg?.kind === 'file') out[t.index] = absolute(t.value);
    } else if (t.kind === 'option' && spec.options[t.name]?.kind === 'file' && t.value !== undefined) {
      if (t.inlineValue) out[t.index] = `${t.rawName}=${absolute(t.value)}`;
      else out[t.index + 1] = absolute(t.value);
    }
  }
  return out;
}
