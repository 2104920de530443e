import { runCli, type CliOptions } from '../../src/cli.ts';

/** Runs the CLI in process and keeps what it says: the exit code, stdout and stderr. */
export async function captureCli(argv: string[], options: CliOptions = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
    },
    options,
  );
  return { code, out, err };
}
