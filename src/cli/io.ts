import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { shanghaiDate, shanghaiYear } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openConfiguredDatabase } from '../database.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../errors.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface CliContext {
  io: Io;
  now: () => Date;
}

export class UsageError extends Error {}

export function readYear(value: string | undefined, now: () => Date): { year: number; yearGiven: boolean } {
  if (value === undefined) return { year: shanghaiYear(now()), yearGiven: false };
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year 应为四位年份，收到「${value}」`);
  return { year: Number(value), yearGiven: true };
}

export function readDate(value: string | undefined, name: string, now: () => Date): string {
  if (value === undefined) return shanghaiDate(now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`${name} 应为日期 YYYY-MM-DD，收到「${value}」`);
  }
  return value;
}

export async function readInput(file: string | undefined): Promise<{ fileName: string; bytes: Uint8Array }> {
  if (!file) throw new UsageError('缺少文件参数 FILE');
  try {
    return { fileName: basename(file), bytes: new Uint8Array(await readFile(file)) };
  } catch (err) {
    throw new AppError(400, 'file_unreadable', `无法读取文件 ${file}：${(err as Error).message}`);
  }
}

/** Opens the configured database (migrated), runs `fn`, closes it. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

export function formatLines(lines: { line?: number; row?: number; field?: string | null; message: string }[]): string {
  return lines
    .map((l) => {
      const where = l.line !== undefined ? `第 ${l.line} 行` : l.row !== undefined ? (l.row === 0 ? '文件' : `第 ${l.row} 行`) : '';
      const field = l.field ? ` ${l.field}` : '';
      // Reader messages often name their line already; do not say it twice.
      if (/^第\s*\d+\s*行/.test(l.message) && !field) return `  ${l.message}`;
      return `  ${where}${field}：${l.message}`;
    })
    .join('\n');
}

export function user(): string | null {
  return process.env.USER ?? process.env.USERNAME ?? null;
}
