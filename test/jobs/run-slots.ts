// A child process for the multi-process tests: opens DATABASE_URL and either walks every slot of a
// simulated day through the ledger (`day`), or runs the real scheduler for a few seconds (`cron`).
// Prints one JSON line with what this process ran.
import { openDatabase } from '../../db/client.ts';
import { probesJob } from '../../jobs/definitions/probes.ts';
import { jobDeps } from '../../jobs/deps.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';

const [mode, arg] = process.argv.slice(2);
const database = await openDatabase({ url: process.env.DATABASE_URL!, maxConnections: 4 });
const config = loadConfig({ ...process.env, JOBS_CATCH_UP_MAX: '0', PROBE_TIMEOUT_MS: '2000' });
const deps = jobDeps(database.db, config, silentLogger);
const ran: string[] = [];

if (mode === 'day') {
  // 288 five-minute slots of 2025-06-02 in Asia/Shanghai
  const def = probesJob('*/5 * * * *');
  const start = Date.parse('2025-06-01T16:00:00Z');
  for (let i = 0; i < 288; i++) {
    const outcome = await runJobSlot(deps, def, { slot: new Date(start + i * 300_000), trigger: 'schedule' });
    if (outcome.status === 'succeeded') ran.push(outcome.slot);
  }
} else {
  const scheduler = startScheduler(
    {
      ...deps,
      logger: {
        ...silentLogger,
        info: (msg, f) => {
          if (msg === 'job run' && f?.status === 'succeeded') ran.push(String(f.slot));
        },
      },
    },
    [probesJob('* * * * * *')],
  );
  await new Promise((r) => setTimeout(r, Number(arg ?? 5000)));
  await scheduler.stop();
}
await database.close();
process.stdout.write(JSON.stringify({ pid: process.pid, ran }) + '\n');
