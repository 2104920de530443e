import { readFileSync } from 'node:fs';

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
