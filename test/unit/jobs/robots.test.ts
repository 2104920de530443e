import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../../jobs/connectors/http.ts';
import type { ConnectorContext } from '../../../jobs/connectors/types.ts';
import { digestMessage } from '../../../jobs/notify/messages.ts';
import { dingtalkSign, sendRobotMarkdown, type RobotSettings } from '../../../jobs/notify/robots.ts';
import { TRUNCATED_SUFFIX, truncateUtf8, utf8Bytes } from '../../../jobs/notify/utf8.ts';
import { startRobotFake, type RobotFake } from '../../fakes/robot-server.ts';
import { connectorFailure as failure } from '../../helpers/connector-failure.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/webhook/${name}`, import.meta.url), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;
const fixtureLines = (name: string) =>
  fixture(name)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { errcode: number; errmsg: string });

const WECOM_KEY = 'wk-0f9e8d7c-6b5a-4321';
const DING_TOKEN = 'dt-plain-4a3b2c1d0e';
const DING_SIGNED = 'dt-signed-9z8y7x6w5v';
const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef';

let clock = Date.parse('2024-06-30T02:00:00.000Z');
let fake: RobotFake;
let env: Record<string, string | undefined>;

const wecom: RobotSettings = { kind: 'wecom', webhookEnv: 'JIXIAO_SECRET_ROBOT_WECOM_URL' };
const ding: RobotSettings = { kind: 'dingtalk', webhookEnv: 'JIXIAO_SECRET_ROBOT_DING_URL' };
const dingSigned: RobotSettings = { kind: 'dingtalk', webhookEnv: 'JIXIAO_SECRET_ROBOT_DING_SIGNED_URL', secretEnv: 'JIXIAO_SECRET_ROBOT_DING_SECRET' };
const message = { title: '绩效预警', markdown: '## 绩效预警\n- **项目A** · 阅读量：🟢 正常 → 🟡 预警' };

function ctx(overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return { now: () => new Date(clock), env, outboundHosts: ['127.0.0.1'], timeouts: { connectMs: 1_000, headersMs: 300, bodyMs: 1_000 }, ...overrides };
}

function expectNoSecrets(err: Error) {
  for (const s of [WECOM_KEY, DING_TOKEN, DING_SIGNED, DING_SECRET]) expect(err.message).not.toContain(s);
}

beforeAll(async () => {
  fake = await startRobotFake({
    wecomKeys: [WECOM_KEY],
    dingtalkTokens: { [DING_TOKEN]: null, [DING_SIGNED]: DING_SECRET },
    now: () => clock,
  });
  env = {
    JIXIAO_SECRET_ROBOT_WECOM_URL: fake.wecomUrl(WECOM_KEY),
    JIXIAO_SECRET_ROBOT_DING_URL: fake.dingtalkUrl(DING_TOKEN),
    JIXIAO_SECRET_ROBOT_DING_SIGNED_URL: fake.dingtalkUrl(DING_SIGNED),
    JIXIAO_SECRET_ROBOT_DING_SECRET: DING_SECRET,
  };
});
afterEach(() => {
  fake.reset();
  clock += 3_600_000; // a fresh rate-limit minute for every test
});
afterAll(async () => fake.close());

describe('sendRobotMarkdown: happy paths', () => {
  it('WeCom: posts {"msgtype":"markdown","markdown":{"content"}} as JSON, shaped like the documented request', async () => {
    await sendRobotMarkdown(ctx(), wecom, message);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
    const documented = fixtureJson('wecom_markdown.request.json');
    expect(Object.keys(body)).toEqual(Object.keys(documented));
    expect(Object.keys(body.markdown as object)).toEqual(Object.keys(documented.markdown as object));
    expect(fake.messages).toMatchObject([{ robot: 'wecom', key: WECOM_KEY, msgtype: 'markdown', content: message.markdown }]);
  });

  it('DingTalk without a secret: posts {"msgtype":"markdown","markdown":{"title","text"}}, no timestamp/sign', async () => {
    await sendRobotMarkdown(ctx(), ding, message);
    const req = fake.requests[0]!;
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toEqual({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
    const documented = fixtureJson('dingtalk_markdown.request.json');
    expect(body.msgtype).toBe(documented.msgtype);
    expect(Object.keys(body.markdown as object)).toEqual(Object.keys(documented.markdown as object));
    expect(req.query).toEqual({ access_token: DING_TOKEN });
    expect(fake.messages).toMatchObject([{ robot: 'dingtalk', title: '绩效预警', content: message.markdown }]);
  });

  it('DingTalk with a secret: appends timestamp (ctx.now) and the URL-encoded HMAC-SHA256 sign; the fake verifies it', async () => {
    await sendRobotMarkdown(ctx(), dingSigned, message);
    const req = fake.requests[0]!;
    const expected = createHmac('sha256', DING_SECRET).update(`${clock}\n${DING_SECRET}`).digest('base64');
    expect(dingtalkSign(DING_SECRET, clock)).toBe(expected);
    expect(req.query.timestamp).toBe(String(clock));
    expect(req.query.sign).toBe(expected);
    expect(req.errcode).toBe(0);
    expect(fake.messages).toHaveLength(1);
  });

  it('DingTalk signing survives signs with +, / and = (they are percent-encoded)', async () => {
    // Find a timestamp whose sign holds a character that breaks when left raw in a query string.
    let t = clock;
    while (!/[+/]/.test(dingtalkSign(DING_SECRET, t))) t += 1;
    clock = t;
    await sendRobotMarkdown(ctx(), dingSigned, message);
    expect(fake.messages).toHaveLength(1);
  });
});

describe('sendRobotMarkdown: 4096-byte WeCom limit', () => {
  it('cuts multi-byte content on a character boundary, ends with the truncation mark, and WeCom accepts it', async () => {
    const long = '## 周报\n' + '预警🔴偏离⚪'.repeat(400); // 3-byte Chinese, 4-byte emoji (surrogate pairs), 3-byte ⚪
    expect(utf8Bytes(long)).toBeGreaterThan(4096);
    await sendRobotMarkdown(ctx(), wecom, { title: '周报', markdown: long });
    const content = fake.messages[0]!.content;
    expect(utf8Bytes(content)).toBeLessThanOrEqual(4096);
    expect(utf8Bytes(content)).toBeGreaterThan(4096 - 4 - utf8Bytes(TRUNCATED_SUFFIX) - 4);
    expect(content.endsWith(TRUNCATED_SUFFIX)).toBe(true);
    const kept = content.slice(0, -TRUNCATED_SUFFIX.length);
    expect(long.startsWith(kept)).toBe(true);
    expect(kept).not.toMatch(/[\uD800-\uDBFF]$/); // no lone high surrogate
    expect(content).not.toContain('\uFFFD');
  });

  it('leaves content of exactly 4096 bytes untouched, and DingTalk text is not cut at 4096', async () => {
    const exact = '汉'.repeat(1365) + 'x'; // 4095 + 1 bytes
    expect(utf8Bytes(exact)).toBe(4096);
    await sendRobotMarkdown(ctx(), wecom, { title: 't', markdown: exact });
    await sendRobotMarkdown(ctx(), ding, { title: 't', markdown: exact + '汉'.repeat(100) });
    expect(fake.messages.map((m) => utf8Bytes(m.content))).toEqual([4096, 4396]);
  });

  it('a digest of many projects arrives whole: the formatter already keeps within the limit', async () => {
    const projects = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      name: `第${i + 1}号生态环境综合保障项目`,
      asOf: '2024-06-30',
      timeShare: 0.5,
      budget: { executionRate: 0.3, lamp: 'red' },
      score: null,
      statusCounts: { warning: 2, on_track: 3 },
      worst: [],
    }));
    const digest = digestMessage('wecom', projects, { appUrl: 'https://jx.example.gov.cn' });
    await sendRobotMarkdown(ctx(), wecom, digest);
    expect(fake.messages[0]!.content).toBe(digest.markdown);
  });

  it('the fake refuses WeCom markdown over 4096 bytes (40058), so the limit above is real', async () => {
    const res = await httpRequest(ctx(), fake.wecomUrl(WECOM_KEY), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: '汉'.repeat(1366) } }),
    });
    expect(JSON.parse(Buffer.from(res.body).toString('utf8'))).toMatchObject({ errcode: 40058 });
  });

  it.each<[string, string, number, string]>([
    ['fits: unchanged', 'abc', 3, 'abc'],
    ['ASCII cut', 'abcdef', 4, 'a…'],
    ['never half a Chinese character', '汉字汉字', 8, '汉…'],
    ['never half an emoji', '🔴🔴🔴', 11, '🔴🔴…'],
    ['never half an emoji (one byte short)', '🔴🔴🔴', 10, '🔴…'],
    ['backs up to a line break near the cut', 'abcdefghijklmnop\nqrstuvwxyz', 22, 'abcdefghijklmnop\n…'],
    ['keeps going past a line break far from the cut', 'line one\nline two is long', 24, 'line one\nline two is …'],
  ])('truncateUtf8 %s', (_name, text, max, expected) => {
    const out = truncateUtf8(text, max, '…');
    expect(out).toBe(expected);
    expect(utf8Bytes(out)).toBeLessThanOrEqual(max);
  });
});

describe('sendRobotMarkdown: rate limits (20 per minute per robot)', () => {
  it.each<[string, RobotSettings, string]>([
    ['WeCom → 45009', wecom, '45009'],
    ['DingTalk → 130101', dingSigned, '130101'],
  ])('%s: the 21st message in a minute is retryable after 60 s; a minute later it goes through', async (_n, robot, code) => {
    for (let i = 0; i < 20; i += 1) await sendRobotMarkdown(ctx(), robot, { title: 't', markdown: `第 ${i + 1} 条` });
    const err = await failure(sendRobotMarkdown(ctx(), robot, { title: 't', markdown: '第 21 条' }));
    expect(err).toMatchObject({ kind: 'retryable', code, retryAfterMs: 60_000 });
    expectNoSecrets(err);
    clock += 60_000;
    await sendRobotMarkdown(ctx(), robot, { title: 't', markdown: '第 21 条' });
    expect(fake.messages).toHaveLength(21);
  });
});

describe('sendRobotMarkdown: configuration errors name the variable or the upstream code, never a secret', () => {
  it('missing webhook variable → config naming it', async () => {
    const err = await failure(sendRobotMarkdown(ctx({ env: {} }), wecom, message));
    expect(err).toMatchObject({ kind: 'config', code: 'missing_env' });
    expect(err.message).toContain('JIXIAO_SECRET_ROBOT_WECOM_URL');
    expect(fake.requests).toHaveLength(0);
  });

  it('secret variable named but empty → config naming it, nothing sent', async () => {
    const err = await failure(sendRobotMarkdown(ctx({ env: { ...env, JIXIAO_SECRET_ROBOT_DING_SECRET: ' ' } }), dingSigned, message));
    expect(err).toMatchObject({ kind: 'config', code: 'missing_env' });
    expect(err.message).toContain('JIXIAO_SECRET_ROBOT_DING_SECRET');
    expect(fake.requests).toHaveLength(0);
  });

  it('a webhook that is not a URL → config, without echoing it', async () => {
    const err = await failure(sendRobotMarkdown(ctx({ env: { JIXIAO_SECRET_ROBOT_WECOM_URL: `key=${WECOM_KEY}` } }), wecom, message));
    expect(err).toMatchObject({ kind: 'config', code: 'bad_webhook' });
    expectNoSecrets(err);
  });

  it.each<[string, RobotSettings, Record<string, string>, string, string]>([
    ['unknown WeCom key → 93000', wecom, { JIXIAO_SECRET_ROBOT_WECOM_URL: 'wecom:wk-unknown-key-5555' }, '93000', 'invalid webhook url'],
    ['unknown DingTalk token → 300005', ding, { JIXIAO_SECRET_ROBOT_DING_URL: 'ding:dt-unknown-token-5555' }, '300005', 'token is not exist'],
    ['wrong DingTalk secret → 310000 sign not match', dingSigned, { JIXIAO_SECRET_ROBOT_DING_SECRET: 'SECwrong-secret-0000' }, '310000', 'sign not match'],
    ['signing robot called without a secret → 310000', { ...dingSigned, secretEnv: null }, {}, '310000', 'invalid timestamp'],
  ])('%s', async (_name, robot, patch, code, upstream) => {
    const patched = Object.fromEntries(
      Object.entries(patch).map(([k, v]) => [k, v.startsWith('wecom:') ? fake.wecomUrl(v.slice(6)) : v.startsWith('ding:') ? fake.dingtalkUrl(v.slice(5)) : v]),
    );
    const err = await failure(sendRobotMarkdown(ctx({ env: { ...env, ...patched } }), robot, message));
    expect(err).toMatchObject({ kind: 'config', code });
    expect(err.message).toMatch(new RegExp(`^机器人接口错误 ${code}：${upstream}`));
    expectNoSecrets(err);
    for (const v of Object.values(patch)) expect(err.message).not.toContain(v.replace(/^(wecom|ding):/, ''));
  });

  it('a stale timestamp (clock more than an hour off) → 310000 invalid timestamp', async () => {
    const err = await failure(sendRobotMarkdown(ctx({ now: () => new Date(clock - 2 * 3_600_000) }), dingSigned, message));
    expect(err).toMatchObject({ kind: 'config', code: '310000' });
    expect(err.message).toContain('invalid timestamp');
    expectNoSecrets(err);
  });

  it('an upstream message echoing the key is masked', async () => {
    fake.setMode('errcode', { errcode: 93000, errmsg: `invalid webhook url key=${WECOM_KEY} (${WECOM_KEY})`, times: 1 });
    const err = await failure(sendRobotMarkdown(ctx(), wecom, message));
    expect(err.message).toBe('机器人接口错误 93000：invalid webhook url key=*** (***)');
  });
});

describe('sendRobotMarkdown: every documented answer is classified', () => {
  const cases = [
    ...fixtureLines('wecom_responses.jsonl').map((a) => ['wecom', a] as const),
    ...fixtureLines('dingtalk_responses.jsonl').map((a) => ['dingtalk', a] as const),
  ];
  it.each(cases)('%s %o', async (kind, answer) => {
    fake.setMode('errcode', { errcode: answer.errcode, errmsg: answer.errmsg, times: 1 });
    const p = sendRobotMarkdown(ctx(), kind === 'wecom' ? wecom : ding, message);
    if (answer.errcode === 0) return expect(p).resolves.toBeUndefined();
    const err = await failure(p);
    const limited = answer.errcode === 45009 || answer.errcode === 130101;
    expect(err).toMatchObject({ kind: limited ? 'retryable' : 'config', code: String(answer.errcode), retryAfterMs: limited ? 60_000 : null });
    if (!limited) expect(err.message).toBe(`机器人接口错误 ${answer.errcode}：${answer.errmsg}`);
  });
});

describe('sendRobotMarkdown: transient failures are retryable', () => {
  it('slow response headers → retryable headers_timeout, naming the robot host only', async () => {
    fake.setMode('slow_headers', { delayMs: 2_000, times: 1 });
    const started = Date.now();
    const err = await failure(sendRobotMarkdown(ctx(), wecom, message));
    expect(err).toMatchObject({ kind: 'retryable', code: 'headers_timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(err.message).toBe(`等待 企业微信机器人（${new URL(fake.url).host}） 响应头超时`);
    expectNoSecrets(err);
    expect(fake.messages).toHaveLength(0);
  });

  it.each<[string, () => void, string]>([
    ['HTTP 502 with an HTML page', () => fake.setMode('server_error', { times: 1 }), 'http_502'],
    ['HTTP 503', () => fake.setMode('server_error', { status: 503, times: 1 }), 'http_503'],
    ['HTTP 200 with a body that is not JSON', () => fake.setMode('garbage', { times: 1 }), 'bad_json'],
    ['errcode -1 (system busy)', () => fake.setMode('errcode', { errcode: -1, errmsg: 'system busy', times: 1 }), '-1'],
  ])('%s → retryable, and the next attempt goes through', async (_name, arrange, code) => {
    arrange();
    const err = await failure(sendRobotMarkdown(ctx(), dingSigned, message));
    expect(err).toMatchObject({ kind: 'retryable', code });
    expectNoSecrets(err);
    await sendRobotMarkdown(ctx(), dingSigned, message);
    expect(fake.messages).toHaveLength(1);
  });

  it('JSON without an errcode → retryable bad_response', async () => {
    fake.setMode('garbage', { body: `{"ok":true,"echo":"key=${WECOM_KEY}"}`, times: 1 });
    const err = await failure(sendRobotMarkdown(ctx(), wecom, message));
    expect(err).toMatchObject({ kind: 'retryable', code: 'bad_response' });
    expectNoSecrets(err);
  });

  it('a webhook path the robot does not serve (HTTP 404) → config', async () => {
    const err = await failure(sendRobotMarkdown(ctx({ env: { JIXIAO_SECRET_ROBOT_WECOM_URL: `${fake.url}/wrong/path?key=${WECOM_KEY}` } }), wecom, message));
    expect(err).toMatchObject({ kind: 'config', code: 'http_404' });
    expectNoSecrets(err);
  });
});

describe('robot fake: checks a real robot makes', () => {
  it('DingTalk keywords: a message without any → 310000 keywords not in content; with one → accepted', async () => {
    const strict = await startRobotFake({ dingtalkTokens: { [DING_TOKEN]: null }, dingtalkKeywords: ['绩效'], now: () => clock });
    try {
      const strictEnv = { JIXIAO_SECRET_ROBOT_DING_URL: strict.dingtalkUrl(DING_TOKEN) };
      const err = await failure(sendRobotMarkdown(ctx({ env: strictEnv }), ding, { title: '周报', markdown: '## 周报' }));
      expect(err).toMatchObject({ kind: 'config', code: '310000' });
      expect(err.message).toBe('机器人接口错误 310000：keywords not in content');
      await sendRobotMarkdown(ctx({ env: strictEnv }), ding, { title: '绩效周报', markdown: '## 绩效周报' });
      expect(strict.messages).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('DingTalk refuses a body not sent as application/json (43004)', async () => {
    const res = await httpRequest(ctx(), fake.dingtalkUrl(DING_TOKEN), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ msgtype: 'text', text: { content: 'x' } }),
    });
    expect(JSON.parse(Buffer.from(res.body).toString('utf8'))).toEqual({ errcode: 43004, errmsg: '无效的HTTP HEADER Content-Type' });
    expect(fake.messages).toHaveLength(0);
  });
});
