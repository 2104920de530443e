import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// Who used the CPUs during a load (Linux /proc): the whole machine (busy = everything but idle and iowait),
// the bench's own PostgreSQL server (the postmaster and its children: backends, walwriter, …), and the
// server process (process.cpuUsage, read by the caller). The load generator and the writer report their own.
// On a 2-core machine the remainder — machine busy minus all of those — is other work (other sessions).

/** USER_HZ: /proc times are in ticks of 1/100 s on every Linux the bench runs on. */
const TICK_MS = 10;

export interface CpuSample {
  at: number;
  machineBusyMs: number | null;
  postgresMs: number | null;
}

function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...f] = line.trim().split(/\s+/);
    const v = f.map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return (total - idle) * TICK_MS;
  } catch {
    return null;
  }
}

/** utime + stime of the postmaster and its children, ms; null without /proc or a known postmaster. */
function processTreeMs(root: number | null): number | null {
  if (root === null) return null;
  try {
    let ticks = 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // pid (comm) state ppid … ; comm may hold spaces, so split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(rest[1]);
      if (Number(name) !== root && ppid !== root) continue;
      ticks += Number(rest[11]) + Number(rest[12]);
    }
    return ticks * TICK_MS;
  } catch {
    return null;
  }
}

export function sampleCpu(postmasterPid: number | null): CpuSample {
  return { at: performance.now(), machineBusyMs: machineBusyMs(), postgresMs: processTreeMs(postmasterPid) };
}

export interface CpuSpan {
  /** Wall time of the span. */
  wallMs: number;
  /** Busy CPU time of the whole machine, and what it could have been (wall × cores). */
  machineBusyMs: number | null;
  machineCapacityMs: number;
  /** The bench's PostgreSQL server (null on PGlite, or on a BENCH_DATABASE_URL server). */
  postgresMs: number | null;
}

export function cpuSpan(from: CpuSample, to: CpuSample): CpuSpan {
  const wallMs = to.at - from.at;
  return {
    wallMs,
    machineBusyMs: from.machineBusyMs !== null && to.machineBusyMs !== null ? to.machineBusyMs - from.machineBusyMs : null,
    machineCapacityMs: wallMs * cpus().length,
    postgresMs: from.postgresMs !== null && to.postgresMs !== null ? to.postgresMs - from.postgresMs : null,
  };
}
