import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth } from '../../src/api/json-guard.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// JSON bodies at the edge (docs/design.md "Input at the edges"): UTF-8, at most 32 levels and 8 MB, a content
// type the route takes; every refusal in the one error shape, in Chinese.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ uploadLimitMb: 20 });
});
afterAll(async () => {
  await t?.close();
});

const send = (body: string | Uint8Array, type = 'application/json') =>
  t.app.request('/api/channels', { method: 'POST', headers: { 'content-type': type }, body });
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('JSON bodies', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth(nested(40), 32)).toBe(33);
  });

  it('refuses a body nested deeper than 32 levels before parsing it (400, the body named)', async () => {
    const res = await send(nested(3000));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string }[] } };
    expect(body.error.message).toContain('嵌套过深');
    expect(body.error.details[0]!.field).toBe('(body)');
  });

  it('refuses bytes that are not UTF-8 (400) and a body that is not JSON (400), in Chinese', async () => {
    const bad = new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect((await send(bad)).status).toBe(400);
    const truncated = await send('{"platform":"website","name":');
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { message: string } }).error.message).toBe('请求体不是有效的 JSON');
  });

  it('refuses a JSON body over 8 MB (413) and a content type the route does not take (415)', async () => {
    const big = JSON.stringify({ platform: 'website', name: 'x'.repeat(9 * 1024 * 1024) });
    expect((await send(big)).status).toBe(413);
    const plain = await send(JSON.stringify({ platform: 'website', name: '门户' }), 'text/plain');
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { message: string } }).error.message).toContain('application/json');
  });

  it('takes a well-formed body with a BOM', async () => {
    const res = await send(`\ufeff${JSON.stringify({ platform: 'website', name: '生态环境局门户网站' })}`);
    expect(res.status).toBe(201);
  });
});
