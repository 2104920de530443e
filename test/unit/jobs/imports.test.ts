import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The jobs layer's side of docs/architecture.md, beyond test/unit/import-rules.test.ts: where the entry
// points (bin/) meet jobs/ they take only its JobCatalog (src/services/jobs.ts), and no part of jobs/ touches
// a table itself — the services do the database work.
const root = resolve('.');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Repository paths a file imports (static, re-export and dynamic), relative ones only. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(root, resolve(dirname(file), s)));
}

const edges = (dir: string) => sources(join(root, dir)).flatMap((f) => importsOf(f).map((to) => ({ from: relative(root, f), to })));

describe('import rules of the jobs layer', () => {
  it('src/ never reaches jobs/; the entry points in bin/ take only jobs/catalog.ts', () => {
    expect(edges('src').filter((e) => e.to.startsWith('jobs/'))).toEqual([]);
    const fromBin = edges('bin').filter((e) => e.to.startsWith('jobs/'));
    expect(fromBin.map((e) => e.from).sort()).toEqual(['bin/jixiao.ts', 'bin/server.ts']);
    expect(fromBin.filter((e) => e.to !== 'jobs/catalog.ts')).toEqual([]);
  });

  it('jobs/ names no table, and definitions and connectors import nothing of db/', () => {
    expect(edges('jobs').filter((e) => e.to.startsWith('db/schema'))).toEqual([]);
    expect(edges('jobs').filter((e) => /^jobs\/(definitions|connectors)\//.test(e.from) && e.to.startsWith('db/'))).toEqual([]);
  });
});
