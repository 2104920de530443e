import { defineConfig } from 'vitest/config';

// Database suites run on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is set.
const dbSuites = [
  'test/api/**/*.test.ts',
  'test/db/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/jobs/**/*.test.ts',
  'test/web/**/*.test.ts',
];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// Tests assert the Chinese texts: a machine whose LANG says English must not turn the CLI's words English.
const language = { JIXIAO_LANG: 'zh' };

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // Tests inside each file run in a shuffled order, so a test that leans on an earlier one fails here and
    // not in a month. The seed is fixed so a red run can be repeated; `--sequence.seed=N` tries another order.
    sequence: { shuffle: { files: false, tests: true }, seed: 3 },
    hookTimeout: 60_000,
    projects: [
      // Pure suites share their workers' modules: `npm run test:unit` is the fast loop.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, env: language } },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: dbSuites,
          // One migrated PGlite template per worker, cloned per file: the worker must keep its modules.
          isolate: false,
          env: { TEST_DB_KIND: 'pglite', ...language },
        },
      },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: dbSuites,
                isolate: false,
                env: { TEST_DB_KIND: 'postgres', ...language },
                globalSetup: ['test/helpers/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
