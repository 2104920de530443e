// zod issues → `{ field, message }` lines that name each field in Chinese (docs/design.md "Input at the
// edges"). Unions are opened so the person sees why their entry failed, not "invalid input".
import type { z } from '@hono/zod-openapi';
import { ValidationError } from '../errors.ts';
import { fieldLabel } from './field-labels.ts';

export interface FieldIssue {
  /** Path of the field, dot-separated (`0.date`, `asOf`); `(body)` for the request as a whole. */
  field: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/** The branch of a union the input most nearly matched: the one whose problems lie deepest. */
function closestBranch(branches: Issue[][]): Issue[] {
  let best: Issue[] = branches[0] ?? [];
  let bestDepth = -1;
  for (const branch of branches) {
    const depth = Math.max(...branch.map((i) => i.path.length), 0) - branch.filter((i) => i.code === 'invalid_type' && i.path.length === 0).length;
    if (depth > bestDepth) [best, bestDepth] = [branch, depth];
  }
  return best;
}

function flatten(issues: readonly Issue[], prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (issue.errors.length === 0 && discriminator && options) {
        return [{ path, message: `应为 ${options.map(String).join(' / ')} 之一` }];
      }
      if (issue.errors.length > 0) return flatten(closestBranch(issue.errors), path);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: '未知字段，请删除或检查拼写' }));
    }
    return [{ path, message: issue.message }];
  });
}

/** One line per field (the first problem of each), in input order. */
export function fieldIssues(issues: readonly Issue[], labels: Record<string, string> = {}): (FieldIssue & { label: string })[] {
  const seen = new Set<string>();
  const out: (FieldIssue & { label: string })[] = [];
  for (const { path, message } of flatten(issues, [])) {
    const field = path.map(String).join('.') || '(body)';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, label: field === '(body)' ? '请求体' : fieldLabel(field, labels), message });
  }
  return out;
}

/** `截至日期（asOf）：日期不存在：2024-02-30；数值（value）：不能为负数` */
export function describeIssues(lines: (FieldIssue & { label: string })[], max = 5): string {
  const shown = lines.slice(0, max).map((l) => `${l.label}：${l.message}`);
  return shown.join('；') + (lines.length > max ? `；另有 ${lines.length - max} 处` : '');
}

/** A 400 whose message and details name each field in Chinese (`渠道参数无效：名称（name）：不能为空`). */
export function invalidInput(message: string, error: { issues: readonly Issue[] }, labels: Record<string, string> = {}): ValidationError {
  const lines = fieldIssues(error.issues, labels);
  return new ValidationError(`${message}：${describeIssues(lines)}`, lines);
}
