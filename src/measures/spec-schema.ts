// Importing @hono/zod-openapi extends zod with .openapi(), which the API documents use.
import '@hono/zod-openapi';
import { measureSpecSchema } from './spec.ts';

/** The measure spec as the API documents it (one registered schema for requests and answers). */
export const MeasureSpecSchema = measureSpecSchema.openapi('MeasureSpec', {
  description: 'A measure (docs/design.md "Measures"): count | sum | ratio | duration | avg | elapsed_days | manual, with its source and filters.',
});
