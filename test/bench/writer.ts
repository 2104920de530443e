import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { percentile } from './http-load.ts';
import { hash32 } from './prng.ts';

// The writer of the "reads while writing" phase: a child process that POSTs expenditure entries of 1.00 yuan
// through the API at a steady rate (open loop: write n is sent at t0 + n / rate, whatever the answers take),
// each to a pseudo-random project among those the load generator reads, and after each 201 reads that
// project's progress and checks that `budget.spent` shows the write. Every project's budget counts
// expenditure, so every write changes an answer the readers are served.
//
// The check, per project p, in cents: a baseline read of every project before the first write (only this
// process writes expenditure); then a read sent after k writes to p were acknowledged (201) must show at least baseline + k
// (a committed write it does not show is a stale read) and at most baseline + the writes sent by the time it
// returned (more would be a write counted twice). It runs until the parent writes `stop` on stdin, then
// waits for what is in flight and prints one JSON line.

export interface WriterOptions {
  origin: string;
  /** Project ids written (and checked): spread over those the readers read. */
  ids: number[];
  /** Writes per second. */
  rate: number;
  /** The as-of day of the checking reads (the readers' day), and the expenditure's day (on or before it). */
  asOf: string;
  date: string;
  token: string;
}

export interface WriterResult {
  rate: number;
  seconds: number;
  /** Writes sent, answered 201, and anything else (non-201 or a transport error). */
  sent: number;
  created: number;
  failed: number;
  failures: string[];
  /** 201s received while writes were being sent, per second: the rate the server kept up with. */
  achievedRate: number;
  /** Most writes waiting for their answer at once (a server falling behind piles them up). */
  maxInFlight: number;
  /** CPU of the writer process while writing, ms. */
  cpuMs: number;
  /** How late each write was sent after its due time (the writer's own event loop; should stay near 0). */
  lateMs: { p50: number; p99: number; max: number };
  writeMs: { p50: number; p99: number; max: number };
  /** The checking read after each 201. */
  readMs: { p50: number; p99: number; max: number };
  checks: number;
  /** Reads after a 201 that did not show it (stale) or showed more than was sent. */
  stale: number;
  overcounted: number;
  violations: string[];
  projectsWritten: number;
}

interface ProgressBody {
  projects?: { budget?: { spent?: number } }[];
}

const cents = (yuan: number) => Math.round(yuan * 100);

export async function runWriter(o: WriterOptions, ready: () => void, stopped: Promise<void>): Promise<WriterResult> {
  // Open loop: enough connections that a write is never queued in this process behind slow ones, so the
  // latencies are the server's (a closed pool would turn a slow server into a lower write rate instead).
  const pool = new Pool(o.origin, { connections: 512, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { authorization: `Bearer ${o.token}` };
  const baseline = new Map<number, number>();
  const sentTo = new Map<number, number>();
  const ackedTo = new Map<number, number>();
  const writeMs: number[] = [];
  const readMs: number[] = [];
  const lateMs: number[] = [];
  const failures: string[] = [];
  const violations: string[] = [];
  let sent = 0;
  let created = 0;
  let failed = 0;
  let checks = 0;
  let createdWhileSending = 0;
  let sending = true;
  let maxInFlight = 0;
  let stale = 0;
  let overcounted = 0;

  const spentOf = async (p: number): Promise<{ spent: number; ms: number }> => {
    const started = performance.now();
    const res = await pool.request({ path: `/api/projects/${p}/progress?asOf=${o.asOf}`, method: 'GET', headers });
    const text = await res.body.text();
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`GET progress ${p}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    const spent = (JSON.parse(text) as ProgressBody).projects?.[0]?.budget?.spent;
    if (typeof spent !== 'number') throw new Error(`GET progress ${p}: no budget.spent in ${text.slice(0, 200)}`);
    return { spent: cents(spent), ms };
  };

  const writeOne = async (n: number, p: number) => {
    const before = baseline.get(p)!;
    sentTo.set(p, (sentTo.get(p) ?? 0) + 1);
    sent += 1;
    const started = performance.now();
    let status = 0;
    let text = '';
    try {
      const res = await pool.request({
        path: `/api/projects/${p}/entries`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'expenditure', id: `bench-write-${process.pid}-${n}`, date: o.date, amount: 1, voucher: `压测-${n}` }),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      text = String(err);
    }
    writeMs.push(performance.now() - started);
    if (status !== 201) {
      failed += 1;
      if (failures.length < 5) failures.push(`project ${p}: ${status || 'error'} ${text.slice(0, 200)}`);
      // A write that failed may or may not have committed: the bounds of p can no longer be checked.
      baseline.set(p, Number.NaN);
      return;
    }
    created += 1;
    if (sending) createdWhileSending += 1;
    const acked = (ackedTo.get(p) ?? 0) + 1;
    ackedTo.set(p, acked);
    if (Number.isNaN(before)) return;
    const { spent, ms } = await spentOf(p);
    readMs.push(ms);
    checks += 1;
    const low = before + acked * 100;
    const high = before + (sentTo.get(p) ?? 0) * 100;
    if (spent < low) {
      stale += 1;
      if (violations.length < 10) violations.push(`project ${p}: spent ${spent / 100} after ${acked} acknowledged writes, expected ≥ ${low / 100}`);
    } else if (spent > high) {
      overcounted += 1;
      if (violations.length < 10) violations.push(`project ${p}: spent ${spent / 100} with ${sentTo.get(p)} writes sent, expected ≤ ${high / 100}`);
    }
  };

  // Baselines first, 8 at a time, so the writes themselves start on time.
  const queue = [...new Set(o.ids)];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let p = queue.pop(); p !== undefined; p = queue.pop()) baseline.set(p, (await spentOf(p)).spent);
    }),
  );
  ready();

  const cpu = process.cpuUsage();
  const interval = 1000 / o.rate;
  const inflight = new Set<Promise<void>>();
  let stop = false;
  void stopped.then(() => (stop = true));
  const t0 = performance.now();
  for (let n = 0; !stop; n++) {
    const due = t0 + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (stop) break;
    lateMs.push(Math.max(0, performance.now() - due));
    const p = o.ids[hash32(n, 9091) % o.ids.length]!;
    const task = writeOne(n, p).catch((err) => {
      failed += 1;
      if (failures.length < 5) failures.push(String(err).slice(0, 200));
    });
    inflight.add(task);
    maxInFlight = Math.max(maxInFlight, inflight.size);
    void task.finally(() => inflight.delete(task));
  }
  const seconds = (performance.now() - t0) / 1000;
  sending = false;
  await Promise.all(inflight);
  const used = process.cpuUsage(cpu);
  await pool.close();

  const q = (xs: number[]) => {
    const s = Float64Array.from(xs).sort();
    const r = (v: number) => Math.round(v * 100) / 100;
    return { p50: r(percentile(s, 0.5)), p99: r(percentile(s, 0.99)), max: r(s[s.length - 1] ?? Number.NaN) };
  };
  return {
    rate: o.rate,
    seconds: Math.round(seconds * 10) / 10,
    sent,
    created,
    failed,
    failures,
    achievedRate: Math.round((createdWhileSending / seconds) * 10) / 10,
    maxInFlight,
    cpuMs: Math.round((used.user + used.system) / 1000),
    lateMs: q(lateMs),
    writeMs: q(writeMs),
    readMs: q(readMs),
    checks,
    stale,
    overcounted,
    violations,
    projectsWritten: sentTo.size,
  };
}

export interface WriterHandle {
  /** Resolves once the child has loaded and is writing. */
  started: Promise<void>;
  /** Stops issuing writes, waits for those in flight, resolves with the result. */
  stop(): Promise<WriterResult>;
  kill(): void;
}

/** Starts the writer in a child process (its own event loop, as the load generator). */
export function spawnWriter(o: WriterOptions): WriterHandle {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', self, '--origin', o.origin, '--ids', o.ids.join(','), '--rate', String(o.rate), '--as-of', o.asOf, '--date', o.date];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_TOKEN: o.token } });
  let out = '';
  let onStarted: () => void = () => {};
  let onFailed: (err: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    onStarted = resolve;
    onFailed = reject;
  });
  const result = new Promise<WriterResult>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('writing\n')) onStarted();
    });
    child.on('error', (err) => {
      onFailed(err);
      reject(err);
    });
    child.on('close', (code) => {
      const err = new Error(`writer exited with ${code}: ${out.slice(-500)}`);
      onFailed(err);
      if (code !== 0) return reject(err);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as WriterResult);
      } catch (e) {
        reject(new Error(`writer printed no result: ${String(e)}: ${out}`));
      }
    });
  });
  result.catch(() => {});
  return {
    started,
    stop: () => {
      child.stdin.end('stop\n');
      return result;
    },
    kill: () => child.kill('SIGTERM'),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      origin: { type: 'string' },
      ids: { type: 'string' },
      rate: { type: 'string', default: '50' },
      'as-of': { type: 'string' },
      date: { type: 'string' },
    },
  });
  if (!values.origin || !values.ids || !values['as-of'] || !values.date) {
    throw new Error(
      'usage: writer.ts --origin http://127.0.0.1:PORT --ids 1,2,3 --rate 50 --as-of 2024-07-01 --date 2024-06-30 (token in BENCH_TOKEN; write `stop` on stdin to end)',
    );
  }
  const stopped = new Promise<void>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => line.trim() === 'stop' && resolve());
    rl.on('close', () => resolve());
  });
  const result = await runWriter(
    {
      origin: values.origin,
      ids: values.ids.split(',').map(Number),
      rate: Number(values.rate),
      asOf: values['as-of'],
      date: values.date,
      token: process.env.BENCH_TOKEN ?? '',
    },
    () => process.stdout.write('writing\n'),
    stopped,
  );
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
