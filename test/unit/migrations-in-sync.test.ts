import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('migrations', () => {
  it('db/migrations matches db/schema: drizzle-kit generate has nothing to add', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jixiao-migrations-'));
    try {
      cpSync('db/migrations', out, { recursive: true });
      const before = readdirSync(out).sort();
      const { stdout } = await run(
        'npx',
        ['drizzle-kit', 'generate', '--dialect=postgresql', '--schema=./db/schema/index.ts', `--out=${relative(process.cwd(), out)}`],
        { timeout: 60_000 },
      );
      // drizzle-kit prefixes `./` to --out, so it gets a relative path; and it must have run at all.
      expect(stdout).toMatch(/No schema changes|migration file/);
      expect(readdirSync(out).sort(), `drizzle-kit generated a migration:\n${stdout}`).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
