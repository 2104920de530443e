import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

// One message catalogue for API errors (docs/design.md "Languages"): Chinese by default, English for a
// caller whose `lang` cookie or Accept-Language asks for it; the code and the fields are the same in both.
let t: TestApp;
let project: number;
let leader: string;

interface ErrorAnswer {
  status: number;
  language: string | null;
  code: string;
  message: string;
  details: unknown;
}

async function answer(url: string, init: RequestInit = {}, language?: 'en' | 'cookie'): Promise<ErrorAnswer> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (language === 'en') headers['accept-language'] = 'en-US,en;q=0.9';
  if (language === 'cookie') headers.cookie = 'lang=en';
  const res = await t.app.request(url, { ...init, headers });
  const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
  return { status: res.status, language: res.headers.get('content-language'), ...body.error };
}

/** The same request in Chinese (no preference), with Accept-Language: en and with the `lang=en` cookie. */
async function both(url: string, init: RequestInit = {}) {
  const zh = await answer(url, init);
  const en = await answer(url, init, 'en');
  const cookie = await answer(url, init, 'cookie');
  expect(en.status).toBe(zh.status);
  expect(en.code).toBe(zh.code);
  expect(cookie).toEqual(en);
  expect(zh.language).toBe('zh-CN');
  expect(en.language).toBe('en');
  return { zh, en };
}

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  project = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
  leader = await t.tokenFor('leader-lang', 'leader');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('API errors in the caller’s language', () => {
  it('a 404 of a missing project', async () => {
    const { zh, en } = await both('/api/projects/999999');
    expect(zh.status).toBe(404);
    expect(zh.code).toBe('not_found');
    expect(zh.message).toMatch(/不存在/);
    expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('a 404 of an unknown address', async () => {
    const { zh, en } = await both('/api/no-such-thing');
    expect(zh.message).toBe('没有这个地址：GET /api/no-such-thing');
    expect(en.message).toBe('No such address: GET /api/no-such-thing');
  });

  it('a 400 naming its field: the field is the same, the words are not', async () => {
    const { zh, en } = await both(`/api/projects/${project}/progress?asOf=2024-02-30`);
    expect(zh.status).toBe(400);
    expect(zh.code).toBe('invalid_request');
    expect(zh.message).toBe('查询参数无效：截至日期（asOf）：日期不存在：2024-02-30');
    expect(en.message).toBe('Invalid query parameters: asOf: No such date: 2024-02-30');
    expect(zh.details).toEqual([{ field: 'asOf', label: '截至日期（asOf）', message: '日期不存在：2024-02-30' }]);
    expect(en.details).toEqual([{ field: 'asOf', label: 'asOf', message: 'No such date: 2024-02-30' }]);
  });

  it('a 400 from zod’s own checks (a wrong type, an unknown field) in English too', async () => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'report', date: '2024-03-01', title: 5, colour: 'red' }),
    };
    const { zh, en } = await both(`/api/projects/${project}/entries`, init);
    expect(zh.status).toBe(400);
    expect(JSON.stringify(zh.details)).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(en.details)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('a 401 without a credential', async () => {
    const { zh, en } = await both('/api/projects', { headers: { [ANONYMOUS]: '1' } });
    expect(zh.status).toBe(401);
    expect(zh.code).toBe('unauthorized');
    expect(zh.message).toMatch(/^需要登录/);
    expect(en.message).toMatch(/^Sign-in required/);
  });

  it('a 403 for a role that may not write', async () => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${leader}` },
      body: JSON.stringify({ kind: 'report', date: '2024-03-01', title: '调查报告' }),
    };
    const { zh, en } = await both(`/api/projects/${project}/entries`, init);
    expect(zh.status).toBe(403);
    expect(zh.code).toBe('forbidden');
    expect(zh.message).toMatch(/没有登记权限/);
    expect(en.message).toMatch(/has no record permission/);
  });

  it('a language the catalogue lacks falls back to Chinese; a zh cookie wins over Accept-Language', async () => {
    const fr = await answer('/api/projects/999999', { headers: { 'accept-language': 'fr-FR' } });
    expect(fr.language).toBe('zh-CN');
    const cookie = await answer('/api/projects/999999', { headers: { 'accept-language': 'en', cookie: 'lang=zh' } });
    expect(cookie.language).toBe('zh-CN');
    expect(cookie.message).toMatch(/不存在/);
  });
});
