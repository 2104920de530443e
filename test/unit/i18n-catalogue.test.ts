import { describe, expect, it } from 'vitest';
import * as errors from '../../src/i18n/catalog/errors.ts';
import { AppError, NotFoundError, said, ValidationError } from '../../src/errors.ts';
import { invalidInput } from '../../src/edge/issues.ts';
import { Day } from '../../src/edge/schemas.ts';
import { z } from '@hono/zod-openapi';

// The error catalogue (docs/design.md "Languages"): every key in both languages, with the same parameters.
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the error catalogue', () => {
  const keys = Object.keys(errors.zh) as (keyof typeof errors.zh)[];

  it('has keys, all under err.', () => {
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k) => !k.startsWith('err.'))).toEqual([]);
  });

  it('names every key in Chinese and English, neither empty', () => {
    expect(Object.keys(errors.en).sort()).toEqual([...keys].sort());
    const empty = keys.filter((k) => errors.zh[k].trim() === '' || errors.en[k].trim() === '');
    expect(empty).toEqual([]);
  });

  it('gives both languages the same parameters', () => {
    const differ = keys.filter((k) => params(errors.zh[k]).join() !== params(errors.en[k]).join());
    expect(differ).toEqual([]);
  });

  it('has no Chinese left in the English', () => {
    expect(keys.filter((k) => /[\u4e00-\u9fff]/.test(errors.en[k]))).toEqual([]);
  });
});

describe('errors carrying catalogue words', () => {
  it('keep their Chinese as .message and say it in English on request', () => {
    const e = new NotFoundError('project', 9);
    expect(e.message).toBe('项目 9 不存在');
    expect(e.messageIn('en')).toBe('Project 9 does not exist');
    expect(e.said).toMatchObject({ key: 'err.notFound' });
    expect(e.details).toEqual({ project: 9 });
  });

  it('translate the details they carry, and leave plain strings as they are', () => {
    const e = new ValidationError(said('err.entry.reason'), [{ field: 'reason', message: said('err.field.empty') }]);
    expect(e.details).toEqual([{ field: 'reason', message: '不能为空' }]);
    expect(e.detailsIn('en')).toEqual([{ field: 'reason', message: 'Must not be empty' }]);
    const plain = new AppError(409, 'x', '旧的消息');
    expect(plain.messageIn('en')).toBe('旧的消息');
  });

  it('an edge refusal names its field in both languages', () => {
    const parsed = z.object({ asOf: Day }).strict().safeParse({ asOf: '2024-02-30', extra: 1 });
    expect(parsed.success).toBe(false);
    const e = invalidInput(said('err.manual.invalid'), parsed.error!);
    expect(e.message).toBe('人工填报数值无效：截至日期（asOf）：日期不存在：2024-02-30；extra：未知字段，请删除或检查拼写');
    expect(e.messageIn('en')).toBe('Invalid manual value: asOf: No such date: 2024-02-30; extra: Unknown field: remove it or check the spelling');
  });
});

describe('languageFromEnv', () => {
  it('reads JIXIAO_LANG, else LC_ALL or LANG starting with en, else Chinese', async () => {
    const { languageFromEnv, loadConfig } = await import('../../src/config.ts');
    expect(languageFromEnv({})).toBe('zh');
    expect(languageFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LANG: 'C.UTF-8' })).toBe('zh');
    expect(languageFromEnv({ JIXIAO_LANG: 'zh', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(languageFromEnv({ JIXIAO_LANG: 'EN' })).toBe('en');
    expect(languageFromEnv({ JIXIAO_LANG: 'fr', LANG: 'en' })).toBe('en');
    expect(loadConfig({ JIXIAO_LANG: 'en' }).language).toBe('en');
  });
});
