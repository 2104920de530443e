import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './database.ts';
import { createLogger } from './logger.ts';
import { jobDeps } from '../jobs/deps.ts';
import { jobDefinitions } from '../jobs/registry.ts';
import { startScheduler, type Scheduler } from '../jobs/scheduler.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config);
  const app = createApp({ db: database.db, databaseKind: database.kind, config, now: () => new Date(), logger });

  const scheduler: Scheduler | null = config.jobs.enabled
    ? startScheduler(jobDeps(database.db, config, logger), jobDefinitions(config))
    : null;
  if (!scheduler) logger.info('scheduler disabled (JOBS_ENABLED=false)');

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    logger.info(`jixiao listening on http://${host}:${info.port}`, { database: database.kind, location: database.location });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    // Stop taking slots and let running jobs finish (or abort their requests), then close.
    const schedulerStopped = scheduler ? scheduler.stop() : Promise.resolve();
    server.close(() => {
      schedulerStopped
        .then(() => database.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    // Keep-alive connections must not hold the process forever.
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`jixiao failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
