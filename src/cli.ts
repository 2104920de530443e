// The `jixiao` command line. The dispatcher reads argv against the specs (src/cli/specs.ts): help and
// usage errors are answered from them alone, and a command's module (with the database, the office
// readers, the job connectors) is imported only once its arguments have been read and found valid.
// bin/jixiao.ts runs it and hands it the job catalogue (src/ never imports jobs/: docs/architecture.md).
import { parseCommandArgs, type Handler } from './cli/args.ts';
import { commandHelp, groupHelp, topUsage, usageHint } from './cli/help.ts';
import { cliLogger, formatLines, type CliContext, type Io } from './cli/io.ts';
import { commandGroups, type CommandName, commandSpecs, type CommandSpec } from './cli/specs.ts';
import { readValue, UsageError } from './cli/values.ts';
import { AppError, databaseError, said } from './errors.ts';
import type { Language } from './format/status-labels.ts';
import { translator } from './i18n/messages.ts';
import type { JobCatalog } from './services/jobs.ts';

type Loader<N extends CommandName> = (jobs: () => Promise<JobCatalog>) => Promise<Handler<(typeof commandSpecs)[N]>>;

export interface CliOptions {
  now?: () => Date;
  /** Standard input, read only by commands that take `-` as a file. */
  stdin?: () => Promise<string>;
  /** Loads the job catalogue, for the job commands only (so other commands never load the connectors). */
  jobs?: () => Promise<JobCatalog>;
  /** The language of error messages; by default from JIXIAO_LANG, LC_ALL or LANG (src/config.ts). */
  language?: Language;
  /**
   * Runs a parsed command elsewhere — through the server holding a PGlite data dir (src/cli/forward.ts) —
   * and gives its exit code, or null to run it here. bin/jixiao.ts passes it; the server's own runs do not.
   */
  forward?: (command: { spec: CommandSpec; rest: string[]; as: string | null }) => Promise<number | null>;
  /** The operating-system user of a command forwarded from another process: the actor when there is no `--as`. */
  user?: string | null;
}

const noJobs = (): Promise<JobCatalog> => Promise.reject(new Error('the CLI was started without a job catalogue'));

const handlers: { [N in CommandName]: Loader<N> } = {
  parse: () => import('./cli/targets.ts').then((m) => m.parseCommand),
  import: () => import('./cli/targets.ts').then((m) => m.importCommand),
  projects: () => import('./cli/projects.ts').then((m) => m.projectsCommand),
  'log import': () => import('./cli/evidence.ts').then((m) => m.logImportCommand),
  'channels add': () => import('./cli/channels.ts').then((m) => m.channelsAddCommand),
  'channels list': () => import('./cli/channels.ts').then((m) => m.channelsListCommand),
  'posts import': () => import('./cli/evidence.ts').then((m) => m.postsImportCommand),
  'measures list': () => import('./cli/measures.ts').then((m) => m.measuresListCommand),
  'measures set': () => import('./cli/measures.ts').then((m) => m.measuresSetCommand),
  progress: () => import('./cli/progress.ts').then((m) => m.progressCommand),
  export: () => import('./cli/reports.ts').then((m) => m.exportCommand),
  review: () => import('./cli/review.ts').then((m) => m.reviewCommand),
  'jobs list': (jobs) => Promise.all([import('./cli/jobs.ts'), jobs()]).then(([m, catalog]) => m.jobsListCommand(catalog)),
  'jobs run': (jobs) => Promise.all([import('./cli/jobs.ts'), jobs()]).then(([m, catalog]) => m.jobsRunCommand(catalog)),
  'jobs history': () => import('./cli/job-history.ts').then((m) => m.jobsHistoryCommand),
  'probes add': () => import('./cli/endpoints.ts').then((m) => m.probesAddCommand),
  'probes list': () => import('./cli/endpoints.ts').then((m) => m.probesListCommand),
  'robots add': () => import('./cli/endpoints.ts').then((m) => m.robotsAddCommand),
  'robots list': () => import('./cli/endpoints.ts').then((m) => m.robotsListCommand),
  'users add': () => import('./cli/accounts.ts').then((m) => m.usersAddCommand),
  'users list': () => import('./cli/accounts.ts').then((m) => m.usersListCommand),
  'users disable': () => import('./cli/accounts.ts').then((m) => m.usersDisableCommand),
  'users reset-password': () => import('./cli/accounts.ts').then((m) => m.usersResetPasswordCommand),
  'tokens create': () => import('./cli/accounts.ts').then((m) => m.tokensCreateCommand),
  'tokens list': () => import('./cli/accounts.ts').then((m) => m.tokensListCommand),
  'tokens revoke': () => import('./cli/accounts.ts').then((m) => m.tokensRevokeCommand),
  audit: () => import('./cli/accounts.ts').then((m) => m.auditCommand),
  backup: () => import('./cli/operations.ts').then((m) => m.backupCommand),
  restore: () => import('./cli/operations.ts').then((m) => m.restoreCommand),
  doctor: () => import('./cli/operations.ts').then((m) => m.doctorCommand),
  'files list': () => import('./cli/files.ts').then((m) => m.filesListCommand),
  'files add': () => import('./cli/files.ts').then((m) => m.filesAddCommand),
  'files get': () => import('./cli/files.ts').then((m) => m.filesGetCommand),
  'files remove': () => import('./cli/files.ts').then((m) => m.filesRemoveCommand),
};

/**
 * `--as NAME` (or `--as=NAME`) anywhere before `--`: who every command records its changes as. Taken out
 * of argv before the command's own options are read.
 */
function takeActingName(argv: string[]): { as: string | null; rest: string[] } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  const rest: string[] = [];
  let as: string | null = null;
  for (let i = 0; i < head.length; i++) {
    const a = head[i]!;
    if (a === '--as' || a.startsWith('--as=')) {
      const value = a === '--as' ? head[++i] : a.slice('--as='.length);
      if (value === undefined || value.startsWith('--')) throw new UsageError(said('err.cli.asNeedsName'));
      if (as !== null) throw new UsageError(said('err.cli.asOnce'));
      as = readValue('text', value, '--as') as string;
    } else rest.push(a);
  }
  return { as, rest: [...rest, ...tail] };
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h';

/** Which command argv names, and the rest of argv; `null` spec with a group when only the group is known. */
function findCommand(argv: string[]): { spec: CommandSpec | null; group: string | null; rest: string[] } {
  const [first = '', second, ...more] = argv;
  if (first in commandGroups) {
    const name = `${first} ${second ?? ''}`;
    if (second !== undefined && name in commandSpecs) return { spec: commandSpecs[name as CommandName], group: first, rest: more };
    return { spec: null, group: first, rest: second === undefined ? [] : [second, ...more] };
  }
  if (first in commandSpecs) return { spec: commandSpecs[first as CommandName], group: null, rest: argv.slice(1) };
  return { spec: null, group: null, rest: argv.slice(1) };
}

export async function runCli(input: string[], io: Io, options: CliOptions = {}): Promise<number> {
  const { now = () => new Date(), stdin, jobs = noJobs } = options;
  let found: ReturnType<typeof findCommand> = { spec: null, group: null, rest: [] };
  try {
    const { as, rest: argv } = takeActingName(input);
    const [first] = argv;
    if (first === undefined) {
      io.err(topUsage());
      return 2;
    }
    if (isHelp(first) || first === 'help') {
      const topic = argv.slice(1).filter((a) => !isHelp(a));
      const asked = topic.length > 0 ? findCommand(topic) : null;
      io.out(asked?.spec ? commandHelp(asked.spec) : asked?.group ? groupHelp(asked.group) : topUsage());
      return 0;
    }
    found = findCommand(argv);
    const { spec, group, rest } = found;
    if (!spec) {
      if (group && (rest.length === 0 || isHelp(rest[0]))) {
        if (rest.length > 0) {
          io.out(groupHelp(group));
          return 0;
        }
        io.err(groupHelp(group));
        return 2;
      }
      throw new UsageError(group ? said('err.cli.unknownSubcommand', { group, name: rest[0] ?? '' }) : said('err.cli.unknownCommand', { name: first }));
    }
    const parsed = parseCommandArgs(spec, rest);
    if (parsed.help) {
      io.out(commandHelp(spec));
      return 0;
    }
    if (options.forward) {
      const code = await options.forward({ spec, rest, as });
      if (code !== null) return code;
    }
    const run = (await (handlers[spec.name as CommandName] as Loader<CommandName>)(jobs)) as Handler<CommandSpec>;
    const ctx: CliContext = { io, now, as, stdin, user: options.user ?? null };
    return await run(parsed, ctx);
  } catch (err) {
    // Read only when something is to be said: src/config.ts loads zod, which a usage answer must not wait for.
    const language = options.language ?? (await import('./config.ts')).languageFromEnv();
    return reportError(err, io, found, language);
  }
}

/** One clear message per failure; SQL, driver text and stacks go to the log file only. */
export async function reportError(err: unknown, io: Io, found: { spec: CommandSpec | null; group: string | null }, language: Language = 'zh'): Promise<number> {
  const t = translator(language);
  if (err instanceof UsageError) {
    io.err(`${err.messageIn(language)}\n${usageHint(found.spec, found.group, language)}`);
    return 2;
  }
  const known = err instanceof AppError ? err : databaseError(err);
  if (known) {
    const localized = known.detailsIn(language);
    const details = Array.isArray(localized) ? localized.filter((d) => d && typeof d === 'object' && 'message' in d) : [];
    io.err(`${known.messageIn(language)}\n${details.length ? formatLines(details, language) + '\n' : ''}`);
    if ('reason' in known) (await cliLogger()).logger.warn('database refused', { reason: known.reason });
    return 1;
  }
  // Operational failures with a message written for people: a PGlite data dir held by another process, a bad environment.
  const name = err instanceof Error ? err.name : '';
  if (name === 'DataDirLockedError') {
    io.err(`${(err as Error).message}\n`);
    return 1;
  }
  if (name === 'ConfigError') {
    io.err(`${t('err.cli.config', { problem: (err as Error).message.replace(/^invalid environment: /, '') })}\n`);
    return 1;
  }
  const { logger, path } = await cliLogger();
  logger.error('internal error', {
    command: found.spec?.name ?? null,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  io.err(`${t('err.cli.internal', { path })}\n`);
  return 1;
}
