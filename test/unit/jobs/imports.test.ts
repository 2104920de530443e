import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The jobs layer's import rules (issue 9; src/services/jobs.ts): jobs/ uses the services, the faces use the
// jobs service, and only the two composition roots hand the jobs layer in.
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
  it('nothing in src/ imports jobs/ but the composition roots, and they only jobs/catalog.ts', () => {
    const roots = new Set(['src/main.ts', 'src/cli.ts']);
    const intoJobs = edges('src').filter((e) => e.to.startsWith('jobs/'));
    expect(intoJobs.filter((e) => !roots.has(e.from))).toEqual([]);
    expect(intoJobs.filter((e) => e.to !== 'jobs/catalog.ts')).toEqual([]);
  });

  it('jobs/ imports no face: not src/api, src/cli, web/, the app or an entry point', () => {
    const faces = /^(src\/api\/|src\/cli\/|web\/|src\/app\.ts$|src\/main\.ts$|src\/cli\.ts$)/;
    expect(edges('jobs').filter((e) => faces.test(e.to))).toEqual([]);
  });

  it('job definitions and connectors touch no table: the services do the database work', () => {
    const db = edges('jobs').filter((e) => /^jobs\/(definitions|connectors)\//.test(e.from) && e.to.startsWith('db/'));
    expect(db).toEqual([]);
    expect(edges('jobs').filter((e) => e.to.startsWith('db/schema'))).toEqual([]);
  });
});
