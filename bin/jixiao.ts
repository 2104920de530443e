// `npm run jixiao -- <command>`: the command line. One of the two composition roots (docs/architecture.md); the
// job catalogue is loaded only by the job commands, so other commands start without the connectors.
import { runCli } from '../src/cli.ts';

runCli(
  process.argv.slice(2),
  { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
  { jobs: () => import('../jobs/catalog.ts').then((m) => m.jobCatalog) },
).then((code) => {
  process.exitCode = code;
});
