import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { probeDaily, probeEndpoints, probeResults } from '../../db/schema/index.ts';
import { shanghaiDay } from '../evidence/entry-kinds.ts';
import { z } from '@hono/zod-openapi';
import { AppError, said } from '../errors.ts';
import { invalidInput } from '../edge/issues.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { TEXT_MAX } from '../edge/limits.ts';
import { Name, ProjectRef, strictNumber, text } from '../edge/schemas.ts';

export interface ProbeResultInput {
  /** ISO instant of the check */
  checkedAt: string;
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}

/** `tcp://host:port` or an http(s) URL. */
export const ProbeTarget = text(TEXT_MAX.url)
  .refine(
    (t) => (/^tcp:\/\/[^/:\s]+:\d{1,5}$/.test(t) ? Number(t.split(':').pop()) <= 65535 : /^https?:\/\/\S+$/.test(t) && URL.canParse(t)),
    '应为 tcp://主机:端口 或 http(s)://…',
  )
  .openapi({ type: 'string', example: 'tcp://10.0.0.1:443' });

export const newProbeSchema = z
  .strictObject({
    name: Name,
    target: ProbeTarget,
    project: ProjectRef.optional(),
    intervalMinutes: strictNumber({ min: 1, max: 1440, integer: true }).optional(),
  })
  .openapi('NewProbe');

const endpointInput = z.object({
  name: Name,
  target: ProbeTarget,
  projectId: z.number().int().nullable(),
  intervalMinutes: z.number().int().min(1).max(1440).optional(),
});

/** Adds an endpoint, or updates the one of that name; the change (before → after) goes to the audit log. */
export async function addProbeEndpoint(
  db: Db,
  raw: { name: string; target: string; projectId: number | null; intervalMinutes?: number },
  actor: Actor = systemActor,
) {
  const parsed = endpointInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(said('err.probe.invalid'), parsed.error);
  const input = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(probeEndpoints).where(eq(probeEndpoints.name, input.name));
    const [row] = await tx
      .insert(probeEndpoints)
      .values({ name: input.name, target: input.target, projectId: input.projectId, intervalMinutes: input.intervalMinutes ?? 5 })
      .onConflictDoUpdate({ target: probeEndpoints.name, set: { target: input.target, projectId: input.projectId } })
      .returning();
    await recordAudit(tx, actor, { action: before ? 'probe.update' : 'probe.add', targetType: 'probe', targetId: row!.id, before: before ?? null, after: row });
    return row!;
  });
}

/**
 * Stores probe results (a re-sent result for the same endpoint and instant is a no-op) and counts the
 * new ones into probe_daily, in one transaction.
 */
export async function recordProbeResults(db: Db, endpointId: number, results: ProbeResultInput[]): Promise<{ inserted: number }> {
  if (results.length === 0) return { inserted: 0 };
  return db.transaction(async (tx) => {
    const [endpoint] = await tx.select({ id: probeEndpoints.id }).from(probeEndpoints).where(eq(probeEndpoints.id, endpointId));
    if (!endpoint) throw new AppError(404, 'not_found', said('err.notFound', { what: said('err.noun.probe'), id: endpointId }));
    const unique = [...new Map(results.map((r) => [new Date(r.checkedAt).toISOString(), r])).entries()];
    const inserted = [];
    for (let i = 0; i < unique.length; i += 2000) {
      const rows = await tx
        .insert(probeResults)
        .values(
          unique.slice(i, i + 2000).map(([at, r]) => ({ endpointId, checkedAt: at, day: shanghaiDay(at), ok: r.ok, latencyMs: r.latencyMs, error: r.error })),
        )
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

/** Every monitored endpoint, in id order (what the probes job checks). */
export async function listProbeEndpoints(db: Db) {
  return db.select().from(probeEndpoints).orderBy(probeEndpoints.id);
}
