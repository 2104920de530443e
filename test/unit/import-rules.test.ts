import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of docs/architecture.md, enforced: every import of every source file is checked against what
// its layer may import. A new file is covered by being where it is.

const ROOT = process.cwd();
const LAYERS = ['bin', 'db', 'src', 'jobs', 'web'];

function sources(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sources(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, path));
  }
  return out;
}

/** Every module a file imports (static, re-exports and dynamic import() of a literal), resolved to a repo path when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .filter(Boolean);
  return specs.map((s) => (s.startsWith('.') ? normalize(join(dirname(file), s)) : s));
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

interface Rule {
  /** Files the rule applies to. */
  files: (file: string) => boolean;
  /** Imports they may not make. */
  forbidden: (target: string) => boolean;
  why: string;
}

const PURE = ['src/evaluation', 'src/targets', 'src/measures', 'src/format', 'src/edge', 'src/auth', 'src/review'];
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls)$|^(undici|postgres|@electric-sql\/pglite|drizzle-orm|node-cron|rss-parser)(\/|$)/;

const rules: Rule[] = [
  { files: (f) => under(f, 'db'), forbidden: (t) => ['bin', 'src', 'jobs', 'web'].some((d) => under(t, d)), why: 'db/ imports nothing from the app' },
  {
    files: (f) => under(f, 'src'),
    forbidden: (t) => under(t, 'jobs') || under(t, 'bin'),
    why: 'src/ does not import jobs/ (the entry points in bin/ hand it the job catalogue)',
  },
  {
    files: (f) => under(f, 'jobs'),
    forbidden: (t) => ['src/api', 'src/cli', 'src/main.ts', 'src/cli.ts', 'web', 'bin'].some((d) => under(t, d)),
    why: 'jobs/ uses services, never a face',
  },
  {
    files: (f) => under(f, 'web'),
    forbidden: (t) => ['jobs', 'bin', 'db/schema'].some((d) => under(t, d)),
    why: 'pages are a face over services: no jobs, no tables',
  },
  {
    files: (f) => under(f, 'src/services'),
    forbidden: (t) => ['src/api', 'src/cli', 'web'].some((d) => under(t, d)),
    why: 'services are what faces call, not the reverse',
  },
  {
    files: (f) => under(f, 'src/api'),
    forbidden: (t) => ['src/cli', 'web', 'db/schema'].some((d) => under(t, d)),
    why: 'the API is a face over services: no tables',
  },
  {
    files: (f) => under(f, 'src/cli'),
    forbidden: (t) => ['src/api', 'web', 'db/schema'].some((d) => under(t, d)),
    why: 'the CLI is a face over services: no tables',
  },
  {
    files: (f) => under(f, 'src/reports'),
    forbidden: (t) =>
      ['db', 'jobs', 'web', 'src/api', 'src/cli'].some((d) => under(t, d)) ||
      (under(t, 'src/services') && t !== 'src/services/progress-model.ts') ||
      IO_MODULES.test(t),
    why: 'the official tables are drawn from the progress answer: no database, files or faces',
  },
  { files: (f) => under(f, 'jobs/definitions'), forbidden: (t) => under(t, 'db/schema'), why: 'job definitions hand their data to services: no tables' },
  {
    files: (f) => PURE.some((d) => under(f, d)),
    forbidden: (t) => ['db', 'jobs', 'web', 'src/services', 'src/api', 'src/cli'].some((d) => under(t, d)) || IO_MODULES.test(t),
    why: 'pure rules take plain data: no database, network, files or faces',
  },
];

describe('import rules (docs/architecture.md)', () => {
  const files = LAYERS.flatMap((d) => sources(join(ROOT, d)));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every import follows its layer’s rules', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        for (const rule of rules) {
          if (rule.files(file) && rule.forbidden(target)) broken.push(`${file} imports ${target}: ${rule.why}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
