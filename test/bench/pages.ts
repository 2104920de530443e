import { systemActor } from '../../src/auth/actor.ts';
import { addUser } from '../../src/services/users.ts';
import { startSession } from '../../src/services/web-sessions.ts';
import type { SeedApp } from './seed-setup.ts';

// The pages' aims (issue 10): every page is one server render, its HTML under 100 KB, and the seed's project
// page renders in at most twice the time of its progress API call. Both measured in process (app.request),
// interleaved one at a time so that a noisy neighbour slows both alike; the cache is warm for both.

export interface PageSize {
  path: string;
  status: number;
  bytes: number;
}

export interface PagesResult {
  sizes: PageSize[];
  /** Median ms of the project page and of its progress API call, over the seed's projects. */
  projectPageMs: number;
  progressApiMs: number;
  n: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

export async function measurePages(seed: SeedApp, now: Date, n = 200): Promise<PagesResult> {
  const password = 'Quiet-river-7-lantern';
  await addUser(seed.database.db, { name: 'bench-pages', role: 'admin', password }, systemActor);
  const session = await startSession(seed.database.db, 'bench-pages', password, null, now);
  const page = { cookie: `jx_session=${session.id}`, 'accept-language': 'zh-CN' };
  const api = { authorization: `Bearer ${seed.token}` };
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await seed.app.request(path, { headers });
    const body = await res.arrayBuffer();
    return { status: res.status, bytes: body.byteLength };
  };

  const indicatorIds = (
    await seed.database.db.query.indicators.findMany({ columns: { id: true }, where: (i, { inArray }) => inArray(i.projectId, seed.projectIds) })
  ).map((i) => i.id);
  const paths = [
    '/',
    ...seed.projectIds.map((id) => `/projects/${id}`),
    ...indicatorIds.map((id) => `/indicators/${id}`),
    '/log',
    '/admin',
    '/admin/import',
    '/admin/bindings',
    '/admin/channels',
    '/admin/probes',
    '/admin/robots',
    '/admin/jobs',
    '/admin/users',
    '/admin/tokens',
    '/admin/audit',
  ];
  const sizes: PageSize[] = [];
  for (const path of paths) sizes.push({ path, ...(await get(path, page)) });

  const pageMs: number[] = [];
  const apiMs: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const id = seed.projectIds[i % seed.projectIds.length]!;
    let t = performance.now();
    await get(`/projects/${id}`, page);
    const p = performance.now() - t;
    t = performance.now();
    await get(`/api/projects/${id}/progress`, api);
    const a = performance.now() - t;
    if (i >= 20) {
      pageMs.push(p);
      apiMs.push(a);
    }
  }
  return { sizes, projectPageMs: median(pageMs), progressApiMs: median(apiMs), n };
}
