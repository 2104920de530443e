import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { htmlLang, pickLanguage } from '../i18n/messages.ts';
import { reportIn } from '../review/review-file.ts';
import { reviewSelfEvaluation } from '../services/selfeval-review.ts';
import type { AppEnv } from './env.ts';
import { guard } from './guard.ts';
import { ErrorSchema, FileNameSchema } from './schemas.ts';
import { readUpload, uploadBody } from './upload.ts';

// 自评复核 (docs/design.md "Self-evaluation review"): a filled self-evaluation table in, the review out. Admins
// and leaders (the `review` permission); nothing is stored, so nothing is audited.

const Cell = z.string().nullable();

const FindingSchema = z
  .object({
    severity: z.enum(['error', 'note']).openapi({ description: '`error`: inconsistent; `note`: could not be checked' }),
    code: z.enum([
      'quantitative_score',
      'qualitative_band',
      'score_over_weight',
      'score_negative',
      'weight_sum',
      'weight_total',
      'total',
      'execution_rate',
      'budget_points',
      'grade',
      'not_checked',
    ]),
    line: z.number().int().openapi({ description: 'Source line: the .xlsx row number, the text line, the .docx row' }),
    row: z.string().openapi({ description: 'The 三级指标 name, or 年度资金总额 / 预算执行率 / 总分 / 自评等级' }),
    stated: Cell.openapi({ description: 'What the table states' }),
    expected: Cell.openapi({ description: 'What the rules give (points, a band such as 12.00–15.00, a rate, a grade)' }),
    why: z.string().openapi({ description: 'Why, in the caller’s language' }),
  })
  .openapi('ReviewFinding');

const IndicatorRowSchema = z.object({
  line: z.number().int(),
  level1: z.string(),
  level2: z.string(),
  level3: z.string(),
  target: z.string(),
  actual: z.string(),
  weight: Cell,
  score: z.string(),
});

const FundsRowSchema = z.object({
  label: z.string(),
  line: z.number().int(),
  initial: Cell,
  budget: Cell,
  spent: Cell,
  weight: Cell,
  rate: Cell,
  points: Cell,
  moneyUnit: z.enum(['元', '万元', '亿元']),
});

export const ReviewReportSchema = z
  .object({
    fileName: z.string(),
    format: z.string().openapi({ description: 'How the file was read: xlsx, docx, tsv, pipe, columns …' }),
    sheets: z.array(
      z.object({
        line: z.number().int(),
        project: Cell,
        unit: Cell,
        year: z.number().int().nullable(),
        indicators: z.array(IndicatorRowSchema),
        funds: z.array(FundsRowSchema),
        total: z.object({ line: z.number().int(), weight: Cell, score: Cell }).nullable(),
        grade: z.object({ text: z.string(), line: z.number().int() }).nullable(),
        findings: z.array(FindingSchema),
      }),
    ),
    errors: z.number().int(),
    notes: z.number().int(),
    clean: z.boolean().openapi({ description: 'No error (notes may remain)' }),
  })
  .openapi('ReviewReport');

const route = createRoute({
  method: 'post',
  path: '/api/reviews',
  tags: ['reports'],
  summary: 'Review a filled self-evaluation table (项目支出绩效自评表) from any unit',
  description:
    'Send a multipart form with a `file` field (.xlsx, .docx, or text copied from a web page), or the file itself as the body ' +
    '(name it with `fileName`). Answers, per table and row, where the stated 得分, 总分, 执行率, its points or the grade do not ' +
    'follow from the table’s own values and the scoring rules. Admins and leaders. Nothing is stored.',
  middleware: [guard('review')],
  request: {
    query: z.object({ fileName: FileNameSchema.optional() }),
    body: uploadBody,
  },
  responses: {
    200: { description: 'The review', content: { 'application/json': { schema: ReviewReportSchema } } },
    400: { description: 'No file in the request', content: { 'application/json': { schema: ErrorSchema } } },
    403: { description: 'Not an admin or a leader', content: { 'application/json': { schema: ErrorSchema } } },
    413: { description: 'File too large', content: { 'application/json': { schema: ErrorSchema } } },
    415: { description: 'A file type we do not read', content: { 'application/json': { schema: ErrorSchema } } },
    422: { description: 'Not a readable self-evaluation table', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export const reviewRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get('deps');
  const upload = await readUpload(c, c.req.valid('query').fileName);
  const report = await reviewSelfEvaluation(upload, deps.config.evaluation);
  const language = pickLanguage(getCookie(c, 'lang'), c.req.header('accept-language'));
  c.header('Content-Language', htmlLang[language]);
  return c.json(reportIn(report, language), 200);
});
