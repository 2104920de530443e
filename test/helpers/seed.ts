import { readFileSync } from 'node:fs';
import type { RequestApp } from './test-app.ts';

export const seedPath = 'db/examples/tianjin-eco-support-centre-2024.txt';

export function seedBytes(): Uint8Array {
  return new Uint8Array(readFileSync(seedPath));
}

export function seedText(): string {
  return readFileSync(seedPath, 'utf8');
}

/** Builds a multipart request body with one `file` field. */
export function fileForm(name: string, content: string | Uint8Array, type = 'text/plain'): FormData {
  const form = new FormData();
  form.append('file', new File([content], name, { type }));
  return form;
}

/**
 * The seed imported for 2024 under the unit `unitLine` names (code and name: `930701 某单位`), with one report
 * logged in its first project: a record to attach files to, on an app of the test's own settings.
 */
export async function seedWithReport(app: RequestApp, unitLine: string): Promise<{ project: number; entry: number }> {
  const imported = await app.request(`/api/imports?year=2024&unit=${encodeURIComponent(unitLine)}`, { method: 'POST', body: fileForm('seed.txt', seedText()) });
  const project = ((await imported.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const added = await app.request(`/api/projects/${project}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'report', date: '2024-04-01', title: '调查报告' }),
  });
  return { project, entry: ((await added.json()) as { inserted: number[] }).inserted[0]! };
}
