import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';

// The CLI speaks the language of its configuration (docs/design.md "Languages"): JIXIAO_LANG, else LC_ALL or
// LANG starting with `en`, else Chinese. None of these cases opens a database.
const saved = { JIXIAO_LANG: process.env.JIXIAO_LANG, LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function cli(env: Record<string, string | undefined>, ...argv: string[]) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('CLI errors in the configured language', () => {
  it('JIXIAO_LANG=en prints a usage error and its hint in English', async () => {
    const r = await cli({ JIXIAO_LANG: 'en', LC_ALL: undefined, LANG: 'C.UTF-8' }, 'projects', '--year', '1999');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--year must be a four-digit year from 2000 to 2100; got “1999”');
    expect(r.err).toContain('Usage: jixiao projects');
    expect(r.err).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('JIXIAO_LANG=en prints a service error (AppError) in English', async () => {
    const r = await cli({ JIXIAO_LANG: 'en' }, 'import', '/no/such/file.txt', '--year', '2024');
    expect(r.code).toBe(1);
    expect(r.err).toBe('Cannot read the file /no/such/file.txt: it does not exist\n');
  });

  it('is Chinese by default, English when LANG says en, and JIXIAO_LANG wins', async () => {
    const zh = await cli({ JIXIAO_LANG: undefined, LC_ALL: undefined, LANG: 'C.UTF-8' }, 'frob');
    expect(zh.err).toMatch(/^未知命令：frob\n/);
    const en = await cli({ JIXIAO_LANG: undefined, LC_ALL: undefined, LANG: 'en_GB.UTF-8' }, 'frob');
    expect(en.err).toMatch(/^Unknown command: frob\n/);
    const chosen = await cli({ JIXIAO_LANG: 'zh', LANG: 'en_US.UTF-8' }, 'frob');
    expect(chosen.err).toMatch(/^未知命令：frob\n/);
  });
});
