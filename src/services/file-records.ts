import { and, desc, eq, notExists } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { assessments, manualValues } from '../../db/schema/index.ts';
import type { QualitativeTier } from '../evaluation/types.ts';

// The records of an indicator a supporting file may sit on (docs/design.md "Supporting files"), for the
// indicator page: its manual values and assessments that are still current (a corrected version has handed its
// files on to the correction and takes no more). Monitoring notes are the notes service's own list.

export interface ValueRecord {
  id: number;
  value: number;
  asOf: string;
}

export interface AssessmentRecord {
  id: number;
  tier: QualitativeTier;
  score: number;
  asOf: string;
}

/** Current (not corrected) manual values and assessments of an indicator, newest day first. */
export async function currentIndicatorRecords(db: Db, indicatorId: number): Promise<{ values: ValueRecord[]; assessments: AssessmentRecord[] }> {
  const newerValue = alias(manualValues, 'newer_value');
  const newerAssessment = alias(assessments, 'newer_assessment');
  const [values, assessed] = await Promise.all([
    db
      .select({ id: manualValues.id, value: manualValues.value, asOf: manualValues.asOf })
      .from(manualValues)
      .where(
        and(
          eq(manualValues.indicatorId, indicatorId),
          notExists(db.select({ id: newerValue.id }).from(newerValue).where(eq(newerValue.supersedesId, manualValues.id))),
        ),
      )
      .orderBy(desc(manualValues.asOf), desc(manualValues.id)),
    db
      .select({ id: assessments.id, tier: assessments.tier, score: assessments.score, asOf: assessments.asOf })
      .from(assessments)
      .where(
        and(
          eq(assessments.indicatorId, indicatorId),
          notExists(db.select({ id: newerAssessment.id }).from(newerAssessment).where(eq(newerAssessment.supersedesId, assessments.id))),
        ),
      )
      .orderBy(desc(assessments.asOf), desc(assessments.id)),
  ]);
  return {
    values: values.map((v) => ({ id: v.id, value: Number(v.value), asOf: v.asOf })),
    assessments: assessed.map((a) => ({ id: a.id, tier: a.tier, score: Number(a.score), asOf: a.asOf })),
  };
}
