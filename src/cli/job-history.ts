import { shanghaiMinute } from '../clock.ts';
import { jobHistory } from '../services/jobs.ts';
import type { Handler } from './args.ts';
import { withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const statusText: Record<string, string> = { succeeded: '成功', failed: '失败', skipped: '跳过', running: '运行中', not_claimed: '已由其他进程运行' };

export const jobsHistoryCommand: Handler<Specs['jobs history']> = async ({ args, options }, { io }) => {
  const rows = (await withDb((db) => jobHistory(db, { job: args.job ?? null, limit: options.limit ?? 30 }))).map((r) =>
    r.errorKind === 'internal' ? { ...r, error: '内部错误，详情见日志' } : r,
  );
  if (options.json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) io.out('还没有运行记录。\n');
  for (const r of rows) {
    const counts = r.counts ? `新增 ${r.counts.inserted} 更新 ${r.counts.updated} 失败 ${r.counts.failed}` : '';
    const day = r.dataDay ? `数据日 ${r.dataDay}` : '';
    const parts = [
      shanghaiMinute(r.startedAt),
      r.job.padEnd(8),
      r.trigger.padEnd(8),
      (statusText[r.status] ?? r.status).padEnd(4),
      `第${r.attempt}次`,
      day,
      counts,
      r.error ?? '',
    ];
    io.out(parts.filter((p) => p !== '').join('  ') + '\n');
  }
  return 0;
};
