import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileForm } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Issue 13's acceptance scenario: a unit of another kind (a cadre-training centre) imports its 2024 table
// (test/fixtures/tables/styles/training.txt: 培训人次 ≥3000人次, 结业人次 ≥2850人次, 举办培训批次 ≥12批次, 开设课程 ≥8门,
// 编印培训教材 2000, 培训完成率 ≥95%, 培训完成时间 2024年11月底前, 人均培训成本 ≤160元/人次, 干部履职能力 明显提升,
// 参训学员满意度 ≥90%; budget 48万元), logs its work as tallies month by month, binds 培训完成率 as 结业人次 ÷ 培训人次,
// and is read on 31 March, 30 June, 15 November and 31 December 2024. Every expected number is worked out by
// hand in the comments from docs/design.md ("Monitoring rules (§4)", "Scoring (§5)", "Tallies"); none is copied
// from the API's answer.
//
// The rules used below:
// - s = elapsed days / 366 (2024), 1 Jan through the as-of day: 31 Mar → 31+29+31 = 91 → s = 91/366 = 0.248634
//   (inside the first-quarter early guard, s < 0.25); 30 Jun → 91+30+31+30 = 182 → s = 182/366 = 91/183 =
//   0.497268; 15 Nov → 320/366; 31 Dec → s = 1, period end.
// - Paced goal (cumulative, ≥): expected = T × s, forecast = A / s, deviation = (forecast − T) / T. Reached → met
//   (已完成) for good. 人次/批次/门 and a bare count are whole units: behind only when A < ⌊T × s⌋. Behind is
//   warning (预警); off_track (偏离) needs also forecast < 0.9 T and s ≥ 0.25. At period end short → failed.
// - Rate (percent, the tally ratio, the survey average, the per-unit cost): expected null, forecast = A,
//   deviation = (A − T) / T, on_track/off_track by satisfying the target (no early guard), met/failed at the end.
// - Lamps: met/on_track green, warning yellow, off_track/failed red, the rest grey. Likelihood: met/on_track
//   certain, warning/off_track possible, failed (or anything short at period end) impossible, grey none.
// - Points: 产出 50 over its 8 applicable rows = 6.25 each (成本指标 is a level 2 under 产出 here); 效益 30 (one row);
//   满意度 10 (one row); 预算执行率 10. Sum 100, so no rescaling. During the year a cumulative measure scores on its
//   forecast, a rate on its value: 正向 A ≥ T → W, else W × A / T; 反向 A ≤ T → W. Qualitative: W × score / 100.
//   Budget: W × min(rate / s, 1) during the year, W × min(rate, 1) at the end. Each indicator rounded to 0.01
//   (half away from 0), parts and total are sums of those. 无数据/待确认 earn 0 and count as unscored.
//   Grade: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.

let t: TestApp;
let project: number;
const ids: Record<string, number> = {};
/** The answer to the one tally dated in 2023. */
let lastYear: { inserted: number[]; outsidePeriod: { index: number; day: string; message: string }[] };

interface Indicator {
  id: number;
  level3: string;
  measure: unknown;
  actual: number | null;
  expected: number | null;
  forecast: number | null;
  deviation: number | null;
  status: string;
  lamp: string;
  likelihood: string | null;
  overAchieved: boolean;
  score: { weight: number; points: number } | null;
}
interface Progress {
  timeShare: number;
  atPeriodEnd: boolean;
  budget: { total: number | null; spent: number; executionRate: number | null; pace: number | null; lamp: string };
  score: { total: number; grade: string; forecast: boolean; parts: Record<string, number | null>; unscored: number } | null;
  statusCounts: Record<string, number>;
  indicators: Indicator[];
}

/** A number computed with float division: equal to the hand-worked value to 5 decimals. */
const near = (x: number) => expect.closeTo(x, 5);

const training = () => readFileSync(new URL('../fixtures/tables/styles/training.txt', import.meta.url), 'utf8');

async function progress(asOf: string): Promise<Progress & { byName: (name: string) => Indicator }> {
  const res = await t.app.request(`/api/projects/${project}/progress?asOf=${asOf}`);
  expect(res.status).toBe(200);
  const p = ((await res.json()) as { projects: Progress[] }).projects[0]!;
  const byName = (name: string) => {
    const found = p.indicators.find((i) => i.level3 === name);
    if (!found) throw new Error(`no indicator ${name}`);
    return found;
  };
  return { ...p, byName };
}

// The year's work. Each batch (期) opens with its trainees (培训人次) and one 批次; its graduates (结业人次) are
// logged when it ends, about a week and a half later. [start, trainees, end, graduates]
const BATCHES: [string, number, string, number][] = [
  ['2024-01-15', 300, '2024-01-26', 276],
  ['2024-02-19', 310, '2024-03-01', 270],
  ['2024-03-18', 300, '2024-04-03', 270], // still in session on 31 March
  // none in April
  ['2024-05-13', 322, '2024-05-24', 282],
  ['2024-06-17', 315, '2024-06-28', 267],
  // second half
  ['2024-07-08', 220, '2024-07-19', 202],
  ['2024-08-12', 230, '2024-08-23', 211],
  ['2024-09-09', 225, '2024-09-20', 206],
  ['2024-10-08', 230, '2024-10-19', 211],
  ['2024-10-28', 222, '2024-11-08', 204],
  ['2024-11-11', 226, '2024-11-22', 207],
  ['2024-11-18', 220, '2024-11-29', 202],
];
// Totals, by hand:
//   培训人次 by 31 Mar: 300 + 310 + 300 = 910; by 30 Jun: 910 + 322 + 315 = 1547 (= 17 × 91);
//            second half: 220 + 230 + 225 + 230 + 222 + 226 + 220 = 1573; year: 1547 + 1573 = 3120.
//   结业人次 by 31 Mar: 276 + 270 = 546 (= 6 × 91; the third batch ends 3 April); by 30 Jun: 546 + 270 + 282 + 267
//            = 1365 (= 15 × 91); second half: 202 + 211 + 206 + 211 + 204 + 207 + 202 = 1443; year: 2808.
//   举办培训批次: 3 by 31 Mar, 5 by 30 Jun, 12 in the year.
const COURSES = ['2024-04-15', '2024-06-05', '2024-07-05', '2024-08-20', '2024-09-02', '2024-10-09', '2024-11-15']; // 0, 2, 7
const BOOKS: [string, number][] = [
  ['2024-03-12', 1200],
  ['2024-05-20', 1000],
]; // 1200 by 31 Mar, 2200 from 20 May
const SPENT: [string, number][] = [
  ['2024-01-26', 30_000],
  ['2024-03-01', 30_000], // 60 000 by 31 Mar
  ['2024-05-24', 76_000],
  ['2024-06-28', 80_000], // 216 000 by 30 Jun
  ['2024-09-20', 120_000],
  ['2024-12-13', 132_000], // 468 000 in the year
];
const SURVEYS: [string, number][] = [
  ['2024-05-24', 92],
  ['2024-06-28', 86], // average 89 by 30 Jun
  ['2024-10-19', 94],
  ['2024-11-29', 96], // (92 + 86 + 94 + 96) / 4 = 92 in the year
];

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2025-01-15T02:00:00Z') });
  const imported = await t.app.request(`/api/imports?unit=${encodeURIComponent('900301 某市干部培训中心')}`, {
    method: 'POST',
    body: fileForm('training.txt', training()),
  });
  expect(imported.status, await imported.clone().text()).toBe(201);
  project = ((await imported.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const bindings = (await (await t.app.request(`/api/projects/${project}/measures`)).json()) as { indicatorId: number; level3: string }[];
  for (const b of bindings) ids[b.level3] = b.indicatorId;

  const staff = await t.tokenFor('培训科小李', 'staff');
  const send = async (path: string, body: unknown, token = staff, method = 'POST') => {
    const res = await t.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect([200, 201], `${path} ${JSON.stringify(body)}: ${await res.clone().text()}`).toContain(res.status);
    return res;
  };
  const entry = (fields: Record<string, unknown>) => send(`/api/projects/${project}/entries`, fields);
  const tally = (date: string, indicator: string | number, quantity: number | undefined, title: string) =>
    entry({ kind: 'tally', date, indicator, ...(quantity === undefined ? {} : { quantity }), title });

  // Last year's twelfth batch, logged late: stored, warned about, never counted.
  lastYear = (await (await tally('2023-12-28', '培训人次', 120, '2023年第12期（上年度）')).json()) as typeof lastYear;

  const firstHalf = BATCHES.filter(([start]) => start < '2024-07-01');
  const secondHalf = BATCHES.filter(([start]) => start >= '2024-07-01');
  const logBatches = async (list: typeof BATCHES) => {
    for (const [start, trainees, end, graduates] of list) {
      const n = BATCHES.findIndex((b) => b[0] === start) + 1;
      await tally(start, '培训人次', trainees, `第${n}期开班`);
      // 批次 by id, quantity left out: counts 1.
      await tally(start, ids.举办培训批次!, undefined, `第${n}期`);
      await tally(end, '结业人次', graduates, `第${n}期结业`);
    }
  };
  await logBatches(firstHalf);
  for (const [i, day] of COURSES.entries()) await tally(day, '开设课程', 1, `新开课程${i + 1}`);
  for (const [day, copies] of BOOKS) await tally(day, '编印培训教材', copies, `印制教材 ${day}`);
  for (const [day, amount] of SPENT) await entry({ kind: 'expenditure', date: day, amount, voucher: `培-${day}` });
  for (const [day, score] of SURVEYS) await entry({ kind: 'survey', date: day, respondent: `参训学员 ${day}`, score });

  // Mid-year a person binds 培训完成率 as the ratio of the two tallied counts (aggregates rebuilt for what is
  // logged already; the second half's tallies are added afterwards).
  await send(
    `/api/indicators/${ids.培训完成率}/measure`,
    { measure: { type: 'ratio', source: 'tallies', numerator: ids.结业人次, denominator: ids.培训人次 } },
    t.adminToken,
    'PUT',
  );
  await logBatches(secondHalf);

  // 人均培训成本 is a per-unit rate measured by hand: 216 000 / 1547 = 139.63 at mid-year, 468 000 / 3120 = 150 at
  // year end.
  await send(`/api/indicators/${ids.人均培训成本}/values`, { value: 139.63, asOf: '2024-06-30', note: '半年核算' });
  await send(`/api/indicators/${ids.人均培训成本}/values`, { value: 150, asOf: '2024-12-31', note: '年度核算' });
  // 干部履职能力: 部分达成 (75) at mid-year, 达成 (90) in December. 培训完成时间: 达成 (95) on 29 November, before its
  // 30 November deadline.
  await send(`/api/indicators/${ids.干部履职能力}/assessments`, { tier: '部分达成', score: 75, asOf: '2024-06-28', note: '半年评估' });
  await send(`/api/indicators/${ids.干部履职能力}/assessments`, { tier: '达成', score: 90, asOf: '2024-12-20', note: '年度评估' });
  await send(`/api/indicators/${ids.培训完成时间}/assessments`, { tier: '达成', score: 95, asOf: '2024-11-29', note: '第12期结业，全年培训完成' });
});

afterAll(async () => {
  await t?.close();
});

describe('tally scenario: a training centre’s year in 人次, 批次, 门 and copies', () => {
  it('the counts no rule knows are measured by their tallies, 完成率 by the ratio bound; a 2023 tally is stored but warned about', async () => {
    const p = await progress('2024-12-31');
    const sumOf = (name: string) => ({
      type: 'sum',
      source: 'entries',
      kind: 'tally',
      field: 'quantity',
      where: [{ op: 'eq', field: 'indicator', value: ids[name] }],
    });
    for (const name of ['培训人次', '结业人次', '举办培训批次', '开设课程', '编印培训教材']) expect(p.byName(name).measure, name).toEqual(sumOf(name));
    expect(p.byName('培训完成率').measure).toEqual({ type: 'ratio', source: 'tallies', numerator: ids.结业人次, denominator: ids.培训人次 });
    expect(lastYear.inserted).toHaveLength(1);
    expect(lastYear.outsidePeriod).toEqual([{ index: 0, day: '2023-12-28', message: expect.any(String) }]);
  });

  it('31 March (s = 91/366, early guard): behind counts stay 预警, the ratio is a level and goes 偏离; score 32.55 差', async () => {
    const p = await progress('2024-03-31');
    expect(p.timeShare).toBe(91 / 366);
    expect(p.atPeriodEnd).toBe(false);
    const s = p.byName;
    // 培训人次 A = 910 (the 2023 tally of 120 is outside the period). expected = 3000 × 91/366 = 745.901639;
    // ⌊745.90⌋ = 745 ≤ 910 → on_track. forecast = 910 × 366/91 = 10 × 366 = 3660; deviation = 660/3000 = 0.22.
    // Points: 3660 ≥ 3000 → 6.25.
    expect(s('培训人次')).toMatchObject({
      actual: 910,
      expected: near(745.901639),
      forecast: near(3660),
      deviation: near(0.22),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      overAchieved: false,
      score: { weight: 6.25, points: 6.25 },
    });
    // 结业人次 A = 546. expected = 2850 × 91/366 = 708.606557; 546 < ⌊708.61⌋ = 708 → behind. forecast = 546 × 366/91
    // = 6 × 366 = 2196 < 0.9 × 2850 = 2565, out of tolerance, but s = 0.2486 < 0.25 → only 预警 (warning).
    // deviation = (2196 − 2850)/2850 = −654/2850 = −0.229474. Points: 6.25 × 2196/2850 = 4.815789 → 4.82.
    expect(s('结业人次')).toMatchObject({
      actual: 546,
      expected: near(708.606557),
      forecast: near(2196),
      deviation: near(-0.229474),
      status: 'warning',
      lamp: 'yellow',
      likelihood: 'possible',
      score: { weight: 6.25, points: 4.82 },
    });
    // 举办培训批次 A = 3. expected = 12 × 91/366 = 2.983607; ⌊2.98⌋ = 2 ≤ 3 → on_track. forecast = 3 × 366/91 =
    // 1098/91 = 12.065934; deviation = (12.065934 − 12)/12 = 0.005495. Points: forecast ≥ 12 → 6.25.
    expect(s('举办培训批次')).toMatchObject({
      actual: 3,
      expected: near(2.983607),
      forecast: near(12.065934),
      deviation: near(0.005495),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 开设课程 A = 0 (first course 15 April): a goal with no facts is 0 so far, and judged. expected = 8 × 91/366 =
    // 1.989071; 0 < ⌊1.99⌋ = 1 → behind; forecast 0 < 7.2 but s < 0.25 → warning. deviation = (0 − 8)/8 = −1.
    // Points 6.25 × 0/8 = 0 (scored, not unscored).
    expect(s('开设课程')).toMatchObject({
      actual: 0,
      expected: near(1.989071),
      forecast: 0,
      deviation: -1,
      status: 'warning',
      lamp: 'yellow',
      likelihood: 'possible',
      score: { weight: 6.25, points: 0 },
    });
    // 编印培训教材 (bare 2000 → ≥2000, a whole count) A = 1200. expected = 2000 × 91/366 = 497.267760; on_track.
    // forecast = 1200 × 366/91 = 4826.373626; deviation = (4826.373626 − 2000)/2000 = 1.413187. Not over-achieved
    // (1200 < 1.3 × 2000 = 2600). Points 6.25.
    expect(s('编印培训教材')).toMatchObject({
      actual: 1200,
      expected: near(497.26776),
      forecast: near(4826.373626),
      deviation: near(1.413187),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      overAchieved: false,
      score: { weight: 6.25, points: 6.25 },
    });
    // 培训完成率 = 546 / 910 × 100 = 60 (a rate: no pace, no guard). 60 < 95 → off_track. deviation = (60 − 95)/95 =
    // −0.368421. Points 6.25 × 60/95 = 3.947368 → 3.95.
    expect(s('培训完成率')).toMatchObject({
      actual: 60,
      expected: null,
      forecast: 60,
      deviation: near(-0.368421),
      status: 'off_track',
      lamp: 'red',
      likelihood: 'possible',
      score: { weight: 6.25, points: 3.95 },
    });
    // 培训完成时间 (deadline 30 Nov): nothing recorded, 244 days left > 30 → 待确认, unscored.
    expect(s('培训完成时间')).toMatchObject({ status: 'needs_review', lamp: 'grey', likelihood: null, score: { weight: 6.25, points: 0 } });
    // 人均培训成本: a rate with no manual value yet → 无数据, unscored.
    expect(s('人均培训成本')).toMatchObject({ actual: null, status: 'no_data', lamp: 'grey', likelihood: null, score: { weight: 6.25, points: 0 } });
    // 干部履职能力: not assessed → 待确认, unscored (30 points lost).
    expect(s('干部履职能力')).toMatchObject({ status: 'needs_review', lamp: 'grey', score: { weight: 30, points: 0 } });
    // 参训学员满意度: no survey before 24 May → 无数据, unscored.
    expect(s('参训学员满意度')).toMatchObject({ actual: null, status: 'no_data', lamp: 'grey', score: { weight: 10, points: 0 } });
    // Budget: 60 000 / 480 000 = 0.125; pace v = 0.125 / (91/366) × 100 = 50.274725 < 60 → red.
    expect(p.budget).toMatchObject({ total: 480_000, spent: 60_000, executionRate: 0.125, pace: near(50.274725), lamp: 'red' });
    // 产出 6.25 + 4.82 + 6.25 + 0 + 6.25 + 3.95 + 0 + 0 = 27.52; 效益 0; 满意度 0; 预算 10 × 0.502747 = 5.03.
    // Total 27.52 + 5.03 = 32.55 → 差. Unscored: 完成时间, 人均成本, 履职能力, 满意度 = 4.
    expect(p.score).toMatchObject({
      total: 32.55,
      grade: '差',
      forecast: true,
      parts: { output: 27.52, effect: 0, satisfaction: 0, budget: 5.03 },
      unscored: 4,
    });
  });

  it('30 June (s = 182/366): ahead, slightly behind, behind yet forgiven as whole units, well behind; score 80.39 良', async () => {
    const p = await progress('2024-06-30');
    expect(p.timeShare).toBe(182 / 366);
    const s = p.byName;
    // 培训人次 A = 1547 = 17 × 91. expected = 3000 × 91/183 = 1491.803279; A ≥ it → on_track (ahead of pace).
    // forecast = 1547 × 183/91 = 17 × 183 = 3111; deviation = 111/3000 = 0.037. Points: 3111 ≥ 3000 → 6.25.
    expect(s('培训人次')).toMatchObject({
      actual: 1547,
      expected: near(1491.803279),
      forecast: near(3111),
      deviation: near(0.037),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 结业人次 A = 1365 = 15 × 91. expected = 2850 × 91/183 = 1417.213115; 1365 < ⌊1417.21⌋ = 1417 → behind.
    // forecast = 15 × 183 = 2745 ≥ 0.9 × 2850 = 2565 → within tolerance → 预警 (warning). deviation = (2745 − 2850)/2850
    // = −0.036842. Points 6.25 × 2745/2850 = 6.019737 → 6.02.
    expect(s('结业人次')).toMatchObject({
      actual: 1365,
      expected: near(1417.213115),
      forecast: near(2745),
      deviation: near(-0.036842),
      status: 'warning',
      lamp: 'yellow',
      likelihood: 'possible',
      score: { weight: 6.25, points: 6.02 },
    });
    // 举办培训批次 A = 5 (no batch in April). expected = 12 × 91/183 = 5.967213 > 5, but whole batches: ⌊5.97⌋ = 5 ≤ 5
    // → on_track, although forecast = 5 × 183/91 = 915/91 = 10.054945 is 16% short: deviation = (915 − 1092)/1092 =
    // −0.162088. Points on the forecast: 6.25 × 10.054945/12 = 5.236951 → 5.24.
    expect(s('举办培训批次')).toMatchObject({
      actual: 5,
      expected: near(5.967213),
      forecast: near(10.054945),
      deviation: near(-0.162088),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      score: { weight: 6.25, points: 5.24 },
    });
    // 开设课程 A = 2 (well behind). expected = 8 × 91/183 = 3.978142; 2 < ⌊3.98⌋ = 3 → behind; forecast = 2 × 183/91 =
    // 366/91 = 4.021978 < 0.9 × 8 = 7.2 and s ≥ 0.25 → 偏离 (off_track). deviation = (366 − 728)/728 = −0.497253.
    // Points 6.25 × 4.021978/8 = 3.142170 → 3.14.
    expect(s('开设课程')).toMatchObject({
      actual: 2,
      expected: near(3.978142),
      forecast: near(4.021978),
      deviation: near(-0.497253),
      status: 'off_track',
      lamp: 'red',
      likelihood: 'possible',
      score: { weight: 6.25, points: 3.14 },
    });
    // 编印培训教材 A = 2200 ≥ 2000 → met (for good), certain; 2200 < 2600 → not over-achieved. expected = 2000 × 91/183 =
    // 994.535519; forecast = 2200 × 183/91 = 4424.175824; deviation = (4424.175824 − 2000)/2000 = 1.212088. 6.25.
    expect(s('编印培训教材')).toMatchObject({
      actual: 2200,
      expected: near(994.535519),
      forecast: near(4424.175824),
      deviation: near(1.212088),
      status: 'met',
      lamp: 'green',
      likelihood: 'certain',
      overAchieved: false,
      score: { weight: 6.25, points: 6.25 },
    });
    // 培训完成率 = 1365 / 1547 × 100 = 15/17 × 100 = 88.235294 < 95 → off_track. deviation = (88.235294 − 95)/95 =
    // −0.071207. Points 6.25 × 88.235294/95 = 5.804954 → 5.80.
    expect(s('培训完成率')).toMatchObject({
      actual: near(88.235294),
      expected: null,
      forecast: near(88.235294),
      deviation: near(-0.071207),
      status: 'off_track',
      lamp: 'red',
      likelihood: 'possible',
      score: { weight: 6.25, points: 5.8 },
    });
    // 培训完成时间: 153 days before 30 Nov, nothing recorded → 待确认, unscored.
    expect(s('培训完成时间')).toMatchObject({ status: 'needs_review', lamp: 'grey', likelihood: null, score: { weight: 6.25, points: 0 } });
    // 人均培训成本 139.63 ≤ 160 → on_track (a rate; never paced). deviation = (139.63 − 160)/160 = −0.127313. 6.25.
    expect(s('人均培训成本')).toMatchObject({
      actual: 139.63,
      expected: null,
      forecast: 139.63,
      deviation: near(-0.127313),
      status: 'on_track',
      lamp: 'green',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 干部履职能力: 部分达成 (28 June) → 预警; points 30 × 75/100 = 22.5.
    expect(s('干部履职能力')).toMatchObject({ status: 'warning', lamp: 'yellow', likelihood: 'possible', score: { weight: 30, points: 22.5 } });
    // 参训学员满意度 = (92 + 86)/2 = 89 < 90 → off_track. deviation = −1/90 = −0.011111. Points 10 × 89/90 = 9.888889 → 9.89.
    expect(s('参训学员满意度')).toMatchObject({
      actual: 89,
      forecast: 89,
      deviation: near(-0.011111),
      status: 'off_track',
      lamp: 'red',
      likelihood: 'possible',
      score: { weight: 10, points: 9.89 },
    });
    // on_track: 培训人次, 批次, 人均成本; warning: 结业人次, 履职能力; off_track: 课程, 完成率, 满意度; met: 教材;
    // needs_review: 完成时间.
    expect(p.statusCounts).toEqual({ on_track: 3, warning: 2, off_track: 3, met: 1, needs_review: 1 });
    // Budget: 216 000 / 480 000 = 0.45; pace = 0.45 × 183/91 × 100 = 90.494505 ≥ 80 → green.
    expect(p.budget).toMatchObject({ spent: 216_000, executionRate: 0.45, pace: near(90.494505), lamp: 'green' });
    // 产出 6.25 + 6.02 + 5.24 + 3.14 + 6.25 + 5.80 + 0 + 6.25 = 38.95; 效益 22.5; 满意度 9.89;
    // 预算 10 × min(0.904945, 1) = 9.049451 → 9.05. Total 38.95 + 22.5 + 9.89 + 9.05 = 80.39 → 良. Unscored: 完成时间.
    expect(p.score).toMatchObject({
      total: 80.39,
      grade: '良',
      forecast: true,
      parts: { output: 38.95, effect: 22.5, satisfaction: 9.89, budget: 9.05 },
      unscored: 1,
    });
  });

  it('15 November: the deadline 15 days ahead with nothing recorded yet is 预警', async () => {
    // 30 Nov − 15 Nov = 15 days ≤ 30 (deadlineWarningDays) → warning; the 达成 of 29 November is not known yet.
    const p = await progress('2024-11-15');
    expect(p.byName('培训完成时间')).toMatchObject({ status: 'warning', lamp: 'yellow', likelihood: 'possible' });
  });

  it('31 December (period end): counts met or failed for good, the deadline kept, score 95.24 优', async () => {
    const p = await progress('2024-12-31');
    expect(p.timeShare).toBe(1);
    expect(p.atPeriodEnd).toBe(true);
    const s = p.byName;
    // s = 1: expected = T, forecast = A. 培训人次 3120 ≥ 3000 → met; deviation 120/3000 = 0.04; 6.25.
    expect(s('培训人次')).toMatchObject({
      actual: 3120,
      expected: 3000,
      forecast: 3120,
      deviation: near(0.04),
      status: 'met',
      lamp: 'green',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 结业人次 2808 < 2850 at period end → failed, impossible. deviation = −42/2850 = −0.014737.
    // Points 6.25 × 2808/2850 = 6.157895 → 6.16.
    expect(s('结业人次')).toMatchObject({
      actual: 2808,
      expected: 2850,
      forecast: 2808,
      deviation: near(-0.014737),
      status: 'failed',
      lamp: 'red',
      likelihood: 'impossible',
      score: { weight: 6.25, points: 6.16 },
    });
    // 举办培训批次 12 = 12 → met; deviation 0; 6.25.
    expect(s('举办培训批次')).toMatchObject({
      actual: 12,
      expected: 12,
      forecast: 12,
      deviation: 0,
      status: 'met',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 开设课程 7 < 8 → failed; deviation −1/8 = −0.125; points 6.25 × 7/8 = 5.46875 → 5.47 (half away from 0).
    expect(s('开设课程')).toMatchObject({
      actual: 7,
      expected: 8,
      forecast: 7,
      deviation: near(-0.125),
      status: 'failed',
      lamp: 'red',
      likelihood: 'impossible',
      score: { weight: 6.25, points: 5.47 },
    });
    // 编印培训教材 2200 → met; deviation 0.1; 6.25.
    expect(s('编印培训教材')).toMatchObject({
      actual: 2200,
      expected: 2000,
      forecast: 2200,
      deviation: near(0.1),
      status: 'met',
      score: { weight: 6.25, points: 6.25 },
    });
    // 培训完成率 = 2808 / 3120 × 100 = 90 < 95 at period end → failed, impossible. deviation = −5/95 = −0.052632.
    // Points 6.25 × 90/95 = 5.921053 → 5.92.
    expect(s('培训完成率')).toMatchObject({
      actual: 90,
      expected: null,
      forecast: 90,
      deviation: near(-0.052632),
      status: 'failed',
      lamp: 'red',
      likelihood: 'impossible',
      score: { weight: 6.25, points: 5.92 },
    });
    // 培训完成时间: 达成 recorded 29 Nov ≤ 30 Nov → met; points 6.25 × 95/100 = 5.9375 → 5.94.
    expect(s('培训完成时间')).toMatchObject({ status: 'met', lamp: 'green', likelihood: 'certain', score: { weight: 6.25, points: 5.94 } });
    // 人均培训成本 150 ≤ 160 → met; deviation −10/160 = −0.0625; 6.25.
    expect(s('人均培训成本')).toMatchObject({
      actual: 150,
      deviation: near(-0.0625),
      status: 'met',
      likelihood: 'certain',
      score: { weight: 6.25, points: 6.25 },
    });
    // 干部履职能力: 达成 90 (20 Dec) → met; 30 × 0.9 = 27.
    expect(s('干部履职能力')).toMatchObject({ status: 'met', lamp: 'green', likelihood: 'certain', score: { weight: 30, points: 27 } });
    // 参训学员满意度 = 368/4 = 92 ≥ 90 → met; deviation 2/90 = 0.022222; 10.
    expect(s('参训学员满意度')).toMatchObject({ actual: 92, deviation: near(0.022222), status: 'met', score: { weight: 10, points: 10 } });
    // Budget: 468 000 / 480 000 = 0.975; pace 97.5 → green.
    expect(p.budget).toMatchObject({ spent: 468_000, executionRate: near(0.975), pace: near(97.5), lamp: 'green' });
    // 产出 6.25 + 6.16 + 6.25 + 5.47 + 6.25 + 5.92 + 5.94 + 6.25 = 48.49; 效益 27; 满意度 10; 预算 10 × 0.975 = 9.75.
    // Total 48.49 + 27 + 10 + 9.75 = 95.24 → 优; nothing unscored.
    expect(p.score).toMatchObject({
      total: 95.24,
      grade: '优',
      forecast: false,
      parts: { output: 48.49, effect: 27, satisfaction: 10, budget: 9.75 },
      unscored: 0,
    });
  });
});
