import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { probeDaily, probeEndpoints, probeResults } from '../../db/schema/index.ts';
import { shanghaiDay } from '../evidence/entry-kinds.ts';
import { AppError } from '../errors.ts';

export interface ProbeResultInput {
  /** ISO instant of the check */
  checkedAt: string;
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}

export async function addProbeEndpoint(db: Db, input: { name: string; target: string; projectId: number | null; intervalMinutes?: number }) {
  if (!/^(tcp:\/\/[^/:]+:\d+|https?:\/\/\S+)$/.test(input.target)) {
    throw new AppError(400, 'invalid_request', '探测目标应为 tcp://主机:端口 或 http(s)://…', { field: 'target' });
  }
  const [row] = await db
    .insert(probeEndpoints)
    .values({ name: input.name, target: input.target, projectId: input.projectId, intervalMinutes: input.intervalMinutes ?? 5 })
    .onConflictDoUpdate({ target: probeEndpoints.name, set: { target: input.target, projectId: input.projectId } })
    .returning();
  return row!;
}

/**
 * Stores probe results (a re-sent result for the same endpoint and instant is a no-op) and counts the
 * new ones into probe_daily, in one transaction.
 */
export async function recordProbeResults(db: Db, endpointId: number, results: ProbeResultInput[]): Promise<{ inserted: number }> {
  if (results.length === 0) return { inserted: 0 };
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [endpoint] = await tx.select({ id: probeEndpoints.id }).from(probeEndpoints).where(eq(probeEndpoints.id, endpointId));
    if (!endpoint) throw new AppError(404, 'not_found', `探测端点 ${endpointId} 不存在`);
    const unique = [...new Map(results.map((r) => [new Date(r.checkedAt).toISOString(), r])).entries()];
    const inserted = [];
    for (let i = 0; i < unique.length; i += 2000) {
      const rows = await tx
        .insert(probeResults)
        .values(unique.slice(i, i + 2000).map(([at, r]) => ({ endpointId, checkedAt: at, day: shanghaiDay(at), ok: r.ok, latencyMs: r.latencyMs, error: r.error })))
        .onConflictDoNothing()
        .returning({ day: probeResults.day, ok: probeResults.ok });
      inserted.push(...rows);
    }
    const perDay = new Map<string, { total: number; ok: number }>();
    for (const r of inserted) {
      const d = perDay.get(r.day) ?? { total: 0, ok: 0 };
      d.total += 1;
      if (r.ok) d.ok += 1;
      perDay.set(r.day, d);
    }
    if (perDay.size > 0) {
      await tx
        .insert(probeDaily)
        .values([...perDay].map(([day, d]) => ({ endpointId, day, total: d.total, ok: d.ok })))
        .onConflictDoUpdate({
          target: [probeDaily.endpointId, probeDaily.day],
          set: { total: sql`${probeDaily.total} + excluded.total`, ok: sql`${probeDaily.ok} + excluded.ok` },
        });
    }
    return { inserted: inserted.length };
  });
}

export async function listProbeEndpoints(db: Db) {
  return db.select().from(probeEndpoints).orderBy(probeEndpoints.id);
}
