// `npm run jixiao -- <command>`: the command line. One of the two composition roots (docs/architecture.md); the
// job catalogue is loaded only by the job commands, so other commands start without the connectors.
import { runCli } from '../src/cli.ts';

const io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) };
runCli(process.argv.slice(2), io, {
  jobs: () => import('../jobs/catalog.ts').then((m) => m.jobCatalog),
  // While `npm start` holds a PGlite data dir, commands go through it (src/cli/forward.ts).
  forward: (command) => import('../src/cli/forward.ts').then((m) => m.forwardToServer(command, io)),
}).then((code) => {
  process.exitCode = code;
});
