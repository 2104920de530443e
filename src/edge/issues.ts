// zod issues → `{ field, message }` lines that name each field in Chinese (docs/design.md "Input at the
// edges"), and in English for a caller who asks (docs/design.md "Languages"). Unions are opened so the person
// sees why their entry failed, not "invalid input".
import type { z } from '@hono/zod-openapi';
import type { Language } from '../format/status-labels.ts';
import { composed, inLanguage, type Message, said, type Text, ValidationError } from '../errors.ts';
import { fieldLabel } from './field-labels.ts';
import { heard, say } from './words.ts';

export interface FieldIssue {
  /** Path of the field, dot-separated (`0.date`, `asOf`); `(body)` for the request as a whole. */
  field: string;
  message: string;
}

/** A field issue in every language: `field` is the same in all of them. */
export interface FieldIssueWords {
  field: string;
  label: Text;
  message: Text;
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
        return [{ path, message: say(said('err.field.oneOf', { options: options.map(String).join(' / ') })) }];
      }
      if (issue.errors.length > 0) return flatten(closestBranch(issue.errors), path);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: say(said('err.field.unknown')) }));
    }
    return [{ path, message: issue.message }];
  });
}

/** The label of a field: `截至日期（asOf）` in Chinese, the field's own name in English. */
export function fieldLabelWords(field: string, labels: Record<string, string> = {}): Text {
  return composed((language) => (field === '(body)' ? said('err.field.body').in(language) : language === 'en' ? field : fieldLabel(field, labels)));
}

/** One line per field (the first problem of each), in input order, in every language. */
export function fieldIssueWords(issues: readonly Issue[], labels: Record<string, string> = {}): FieldIssueWords[] {
  const seen = new Set<string>();
  const out: FieldIssueWords[] = [];
  for (const { path, message } of flatten(issues, [])) {
    const field = path.map(String).join('.') || '(body)';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, label: fieldLabelWords(field, labels), message: heard(message) });
  }
  return out;
}

/** One line per field (the first problem of each), in input order, in Chinese. */
export function fieldIssues(issues: readonly Issue[], labels: Record<string, string> = {}): (FieldIssue & { label: string })[] {
  return fieldIssueWords(issues, labels).map((l) => ({ field: l.field, label: l.label.in('zh'), message: l.message.in('zh') }));
}

type Line = { label: string | Text; message: string | Text };

/** `截至日期（asOf）：日期不存在：2024-02-30；数值（value）：不能为负数` (English: `asOf: …; value: …`). */
export function describeIssues(lines: readonly Line[], max = 5, language: Language = 'zh'): string {
  const [colon, semicolon] = language === 'en' ? [': ', '; '] : ['：', '；'];
  const shown = lines.slice(0, max).map((l) => `${inLanguage(l.label, language)}${colon}${inLanguage(l.message, language)}`);
  const more = lines.length > max ? `${semicolon}${said('err.field.more', { n: lines.length - max }).in(language)}` : '';
  return shown.join(semicolon) + more;
}

/** `渠道参数无效：名称（name）：不能为空` in every language: a heading, then the fields' problems. */
export function issuesMessage(heading: Message, lines: readonly Line[]): Text {
  return composed((language) => `${inLanguage(heading, language)}${language === 'en' ? ': ' : '：'}${describeIssues(lines, 5, language)}`);
}

/** A 400 whose message and details name each field (`渠道参数无效：名称（name）：不能为空`). */
export function invalidInput(message: Message, error: { issues: readonly Issue[] }, labels: Record<string, string> = {}): ValidationError {
  const lines = fieldIssueWords(error.issues, labels);
  return new ValidationError(issuesMessage(message, lines), lines);
}

/** A 400 about one field: `密码（password）：…` (English `password: …`); `label` replaces the field's usual name. */
export function fieldError(field: string, message: Message, label?: Message): ValidationError {
  const name =
    label === undefined ? fieldLabelWords(field) : composed((language) => (language === 'en' ? field : `${inLanguage(label, language)}（${field}）`));
  const text = composed((language) => `${name.in(language)}${language === 'en' ? ': ' : '：'}${inLanguage(message, language)}`);
  return new ValidationError(text, [{ field, message }]);
}
