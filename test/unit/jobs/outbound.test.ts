import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../db/schema/index.ts';
import { decodeJson, redact, shortMessage } from '../../../jobs/connectors/http.ts';
import { checkSecretName, secretValue } from '../../../jobs/connectors/outbound.ts';
import { isSecretName, outboundProblem, UPSTREAM_HOSTS } from '../../../src/services/outbound-rules.ts';
import { ConnectorError, type ConnectorContext } from '../../../jobs/connectors/types.ts';
import { wechatError } from '../../../jobs/connectors/wechat-call.ts';
import { openWechatToken, sealWechatToken } from '../../../jobs/connectors/wechat-token.ts';
import { weiboError } from '../../../jobs/connectors/weibo-api.ts';
import { wechatSettingsOf, weiboSettingsOf } from '../../../jobs/definitions/channel-settings.ts';
import { maskSecrets, safeLogger, secretValues } from '../../../jobs/safe-logger.ts';
import { EnvName } from '../../../src/edge/schemas.ts';
import { loadConfig, OFFICIAL_HOSTS } from '../../../src/config.ts';

const ctx = (env: Record<string, string | undefined>): ConnectorContext => ({
  now: () => new Date(),
  env,
  timeouts: { connectMs: 1, headersMs: 1, bodyMs: 1 },
});

describe('secret variable names', () => {
  it.each([
    ['JIXIAO_SECRET_WECHAT', true],
    ['JIXIAO_SECRET_WX_2', true],
    ['JIXIAO_SECRET_', false],
    ['DATABASE_URL', false],
    ['PATH', false],
    ['jixiao_secret_wx', false],
    ['JIXIAO_SECRETWX', false],
    ['XJIXIAO_SECRET_WX', false],
    ['JIXIAO_SECRET_WX-1', false],
    ['JIXIAO_SECRET_WX ', false],
    [`JIXIAO_SECRET_${'A'.repeat(114)}`, true],
    [`JIXIAO_SECRET_${'A'.repeat(115)}`, false],
    ['__proto__', false],
  ])('%s → %s (the edge type and the run-time check agree)', (name, ok) => {
    expect(isSecretName(name)).toBe(ok);
    expect(EnvName.safeParse(name).success).toBe(ok);
  });

  it('the edge refusal says which names are allowed, in Chinese', () => {
    const r = EnvName.safeParse('DATABASE_URL');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^应为以 JIXIAO_SECRET_ 开头的环境变量名/);
  });

  it('a connector refuses any other name, even when the environment it was handed holds it', () => {
    const env = { DATABASE_URL: 'postgres://u:pw@h/db', JIXIAO_SECRET_WX: ' s3cret ' };
    expect(secretValue(ctx(env), 'JIXIAO_SECRET_WX', 'x')).toBe('s3cret');
    expect(secretValue(ctx(env), 'JIXIAO_SECRET_UNSET', 'x')).toBeUndefined();
    let err: unknown;
    try {
      secretValue(ctx(env), 'DATABASE_URL', '渠道设置 secretEnv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'config', code: 'secret_name' });
    expect((err as Error).message).toMatch(/^渠道设置 secretEnv 指向的环境变量 DATABASE_URL 不可读取：机密只能放在以 JIXIAO_SECRET_ 开头的变量中/);
    expect(() => checkSecretName('rm -rf /\n', 'x')).toThrow(/（无效的变量名）/);
  });
});

describe('outbound hosts', () => {
  it('each upstream host is one of OFFICIAL_HOSTS', () => {
    for (const host of Object.values(UPSTREAM_HOSTS)) expect(OFFICIAL_HOSTS).toContain(host);
  });

  it.each<[string, 'wechat' | 'weibo' | 'wecom' | 'dingtalk' | null, string[], boolean]>([
    ['https://api.weixin.qq.com', 'wechat', [], true],
    ['https://API.weixin.qq.com:443/cgi-bin', 'wechat', [], true],
    ['http://api.weixin.qq.com', 'wechat', [], false],
    ['https://api.weixin.qq.com:8443', 'wechat', [], false],
    ['https://api.weibo.com/2', 'wechat', [], false],
    ['https://api.weibo.com/2', 'weibo', [], true],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'wecom', [], true],
    ['https://oapi.dingtalk.com/robot/send?access_token=t', 'wecom', [], false],
    ['https://oapi.dingtalk.com/robot/send?access_token=t', 'dingtalk', [], true],
    ['https://api.weixin.qq.com@evil.example/', 'wechat', [], false],
    ['https://api.weixin.qq.com.evil.example/', 'wechat', [], false],
    ['https://api.weixin.qq.com./', 'wechat', [], false],
    ['http://127.0.0.1:3299', 'wechat', [], false],
    ['http://127.0.0.1:3299', 'wechat', ['127.0.0.1'], true],
    ['http://127.0.0.1:3299', 'wechat', ['127.0.0.1:3299'], true],
    ['http://127.0.0.1:3299', 'wechat', ['127.0.0.1:3300'], false],
    ['http://2130706433:3299', 'wechat', ['127.0.0.1'], true],
    ['http://gw.example.gov.cn/wx', 'wechat', ['gw.example.gov.cn'], true],
    ['https://gw.example.gov.cn/wx', 'wechat', ['gw.example.gov.cn:80'], false],
    ['http://gw.example.gov.cn/wx', 'wechat', ['gw.example.gov.cn:80'], true],
    ['http://[::1]:8080/', 'weibo', ['::1'], true],
    ['http://[::1]:8080/', 'weibo', ['[::1]:8080'], true],
    ['http://[::1]:8080/', 'weibo', ['[::1]:9090'], false],
    ['https://c.api.weibo.com/2/statuses/count_biz.json', 'weibo', [], false],
    ['ftp://127.0.0.1/', 'wechat', ['127.0.0.1'], false],
    ['https://anything.example', null, [], false],
  ])('%s for %s with OUTBOUND_HOSTS=%j → allowed %s', (url, upstream, outbound, ok) => {
    expect(outboundProblem(url, upstream, outbound) === null).toBe(ok);
  });

  it('the refusal names the host and what is allowed', () => {
    expect(outboundProblem('http://127.0.0.1:3299/x?secret=1', 'wechat', [])).toBe(
      '主机 127.0.0.1:3299 不在允许范围：只允许 https://api.weixin.qq.com 或 OUTBOUND_HOSTS 中列出的主机',
    );
  });
});

describe('channel settings at run time', () => {
  const config = loadConfig({ WECHAT_API_BASE: 'http://wx-gateway.internal:8080', OUTBOUND_HOSTS: 'gw.example.gov.cn' });
  const channel = (settings: Record<string, unknown>) => ({ id: 1, platform: 'wechat', name: 'c', settings }) as unknown as Channel;

  it("without a baseUrl the operator's WECHAT_API_BASE is used, unchecked", () => {
    expect(wechatSettingsOf(channel({ appId: 'wx1', secretEnv: 'JIXIAO_SECRET_WX' }), config)).toEqual({
      appId: 'wx1',
      secretEnv: 'JIXIAO_SECRET_WX',
      baseUrl: 'http://wx-gateway.internal:8080',
    });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ appId: 'wx1', secretEnv: 'DATABASE_URL' }, 'secret_name'],
    [{ appId: 'wx1', secretEnv: 'JIXIAO_SECRET_WX', baseUrl: 'http://127.0.0.1:3299' }, 'outbound_host'],
    [{ appId: 'wx1', secretEnv: 'JIXIAO_SECRET_WX', baseUrl: 42 }, 'bad_url'],
    [{ appId: 'wx1' }, 'not_configured'],
  ])('%j is refused: %s', (settings, code) => {
    expect(() => wechatSettingsOf(channel(settings), config)).toThrow(expect.objectContaining({ kind: 'config', code }));
  });

  it('a Weibo countUrl is held to the same hosts; OUTBOUND_HOSTS opens one', () => {
    const weibo = (s: Record<string, unknown>) => weiboSettingsOf(channel({ uid: '1', tokenEnv: 'JIXIAO_SECRET_WB', ...s }), config);
    expect(() => weibo({ countUrl: 'https://collector.example/count' })).toThrow(/countUrl：主机 collector\.example 不在允许范围/);
    expect(weibo({ countUrl: 'https://gw.example.gov.cn/count' }).countUrl).toBe('https://gw.example.gov.cn/count');
    expect(() => weibo({ tokenEnv: 'HOME' })).toThrow(expect.objectContaining({ code: 'secret_name' }));
  });
});

describe('what an error may carry of an upstream answer', () => {
  it('a body that is not JSON is described by its status and size, never quoted', () => {
    const err = (() => {
      try {
        return decodeJson({ status: 200, headers: {}, body: Buffer.from('<html>secret-page</html>') }, '微信');
      } catch (e) {
        return e as ConnectorError;
      }
    })() as ConnectorError;
    expect(err.message).toBe('微信 返回的不是 JSON（HTTP 200，24 字节）');
  });

  it('short messages: one line, masked, cut', () => {
    expect(shortMessage('bad\nthing\u0000 key=abc&x=1', [])).toBe('bad thing key=***&x=1');
    expect(shortMessage(`echo s3cr3t-value`, ['s3cr3t-value'])).toBe('echo ***');
    expect(Array.from(shortMessage('长'.repeat(500))).length).toBe(240);
    expect(shortMessage({ not: 'text' })).toBe('');
  });

  it('a WeChat errmsg is kept short and masked; a Weibo error_code that is not a code is "unknown"', () => {
    expect(wechatError(40164, `invalid ip\n${'x'.repeat(400)}`, []).message.length).toBeLessThan(280);
    expect(wechatError(40125, 'invalid appsecret s3cret-value', ['s3cret-value']).message).toBe('微信接口错误 40125：invalid appsecret ***');
    expect(weiboError({ error_code: { nested: 'tok-secret' }, error: 'x' }).code).toBe('unknown');
    expect(weiboError({ error_code: 'tok-secret-123456789', error: 'x' }).message).toBe('微博接口错误 unknown：x');
    expect(weiboError({ error_code: 21332, error: 'invalid token tok-123456' }, undefined, ['tok-123456']).message).toBe(
      '微博接口错误 21332：invalid token ***',
    );
  });

  it('a URL in a message loses its credentials, user and fragment', () => {
    expect(redact('https://u:pw@h.example/p?access_token=T&key=K&sign=S&page=2#frag')).toBe('https://h.example/p?access_token=***&key=***&sign=***&page=2');
    expect(redact('not a url with token=abc')).toBe('（无效的网址）');
  });
});

describe('the access_token at rest', () => {
  it('is sealed under the AppSecret: opened with it, not with another, and the same token seals the same', () => {
    const sealed = sealWechatToken('ACCESS-TOKEN-1', 'secret-a', 'wx1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('ACCESS-TOKEN-1');
    expect(openWechatToken(sealed, 'secret-a', 'wx1')).toBe('ACCESS-TOKEN-1');
    expect(openWechatToken(sealed, 'secret-b', 'wx1')).toBeNull();
    expect(openWechatToken(sealed, 'secret-a', 'wx2')).toBeNull();
    expect(openWechatToken('ACCESS-TOKEN-1', 'secret-a', 'wx1')).toBeNull(); // a plain row from before
    expect(sealWechatToken('ACCESS-TOKEN-1', 'secret-a', 'wx1')).toBe(sealed);
    expect(sealWechatToken('ACCESS-TOKEN-2', 'secret-a', 'wx1').split('.')[1]).not.toBe(sealed.split('.')[1]);
  });
});

describe('job logs', () => {
  it('mask the secret values and the credentials inside secret URLs', () => {
    const env = { JIXIAO_SECRET_HOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wk-123456', JIXIAO_SECRET_WX: 'wxsecret-abcdef' };
    expect(secretValues(env)).toEqual(expect.arrayContaining(['wk-123456', 'wxsecret-abcdef']));
    const lines: unknown[][] = [];
    const record = (msg: string, fields?: Record<string, unknown>) => void lines.push([msg, fields]);
    const logger = safeLogger({ debug: record, info: record, warn: record, error: record }, env);
    logger.error('failed wxsecret-abcdef', { error: 'params: wk-123456, sign=abc', nested: { list: ['wxsecret-abcdef'] }, n: 3 });
    expect(lines).toEqual([['failed ***', { error: 'params: ***, sign=***', nested: { list: ['***'] }, n: 3 }]]);
    expect(maskSecrets('x access_token=T1&y', [])).toBe('x access_token=***&y');
  });
});
