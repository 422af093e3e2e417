/**
 * A sweep worker: a long-lived child process that runs many seeds, one at a time, for the
 * parent sweep. Starting a process costs far more than a seed, so a worker is only replaced
 * when it dies or hangs.
 *
 * Seeds arrive in batches and wait in a queue, so the worker goes from one seed to the next
 * without waiting on the parent. Each seed's report is appended to its batch's journal the
 * moment the seed ends, with a synchronous write (that is how the parent pins a death or a
 * hang on one seed, see ResultJournal.ts), and the parent hears a notice only when the queue
 * runs short. Reports are lean: probe hits are added up here and reported with some seeds only
 * (see `probeReport`), and a passing seed carries no failure details at all.
 *
 * A failing seed is run a second time with a trace file: a pass costs no trace I/O, the failure
 * keeps its trace, and the two runs must agree (same result, same trace hash), which checks
 * determinism for free. Scheduling, timeouts and replacement belong to the parent (Sweep.ts).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TEMP_DIR_ENV } from '../../faults/temp-base.ts';
import type { RunOptions, RunResult } from '../run-types.ts';
import { watchParent } from './parent-watch.ts';
import type {
  InitMessage,
  ParentMessage,
  ProbeCounts,
  SeedAssignment,
  SeedFailure,
  SeedReport,
  WorkerMessage,
} from './protocol.ts';
import { nextTurn } from './wall-timers.ts';

type RunSeed = (options: RunOptions) => RunResult;

/**
 * Probe hits are reported at least every this many seeds. Until then they are added up here,
 * so that a death loses the counts of at most this many seeds; a probe name seen for the first
 * time is reported at once, so which probes a sweep hit stays exact even then.
 */
const PROBE_REPORT_SEEDS_MAX = 64;

interface Queued {
  readonly assignment: SeedAssignment;
  readonly journalPath: string;
}

let runSeed: RunSeed | null = null;
let init: InitMessage | null = null;
const queue: Queued[] = [];
let noticeAtQueued = 0;
let journal: { path: string; fd: number } | null = null;
let draining = false;
const probesPending = new Map<string, number>();
const probesNamed = new Set<string>();
let seedsSinceProbeReport = 0;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Appends a seed's report to its batch's journal; the write is done before the next seed starts. */
function record(journalPath: string, report: SeedReport): void {
  if (journal?.path !== journalPath) {
    if (journal !== null) closeSync(journal.fd);
    journal = { path: journalPath, fd: openSync(journalPath, 'a') };
  }
  writeSync(journal.fd, `${JSON.stringify(report)}\n`);
}

async function load(message: InitMessage): Promise<void> {
  try {
    const module = (await import(pathToFileURL(message.runnerModule).href)) as { runSeed?: unknown };
    if (typeof module.runSeed !== 'function') {
      send({ type: 'init-failed', message: `${message.runnerModule} does not export runSeed()` });
      return;
    }
    mkdirSync(message.traceDir, { recursive: true });
    runSeed = module.runSeed as RunSeed;
    init = message;
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'init-failed', message: `cannot load ${message.runnerModule}: ${String(error)}` });
  }
}

function traced(first: RunResult, seed: bigint): { tracePath: string | null; nondeterminism: string | null } {
  if (runSeed === null || init === null) return { tracePath: null, nondeterminism: null };
  const tracePath = join(init.traceDir, `seed-${seed}.trace.jsonl`);
  let second: RunResult;
  try {
    second = runSeed({ ...init.world, seed, tracePath, logLevel: 'silent' });
  } catch (error) {
    return {
      tracePath: null,
      nondeterminism: `the traced re-run threw where the first run failed cleanly: ${String(error)}`,
    };
  }
  const same = second.result === first.result && second.trace_hash === first.trace_hash;
  const nondeterminism = same
    ? null
    : `re-run disagreed: ${first.result}/${first.trace_hash} then ${second.result}/${second.trace_hash}`;
  return { tracePath, nondeterminism };
}

function addProbes(probes: Record<string, number>): void {
  for (const name in probes) probesPending.set(name, (probesPending.get(name) ?? 0) + (probes[name] ?? 0));
}

/**
 * The probe hits to report with this seed, or null to keep adding them up: reported when a
 * probe shows up for the first time, every PROBE_REPORT_SEEDS_MAX seeds, and whenever the
 * queue runs dry (the parent shuts an idle worker down, and must have every count by then).
 */
function probeReport(): ProbeCounts | null {
  seedsSinceProbeReport++;
  let newName = false;
  for (const name of probesPending.keys()) {
    if (probesNamed.has(name)) continue;
    probesNamed.add(name);
    newName = true;
  }
  const due = newName || seedsSinceProbeReport >= PROBE_REPORT_SEEDS_MAX || queue.length === 0;
  if (!due || probesPending.size === 0) return null;
  const report = Object.fromEntries(probesPending);
  probesPending.clear();
  seedsSinceProbeReport = 0;
  return report;
}

function runOne({ assignment, journalPath }: Queued): void {
  if (runSeed === null || init === null) throw new Error('sweep worker got a seed before init');
  const seed = BigInt(assignment.seed);
  let run: RunResult;
  try {
    run = runSeed({ ...init.world, seed, logLevel: 'silent' });
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    record(journalPath, {
      type: 'error',
      index: assignment.index,
      message: text,
      rssBytes: process.memoryUsage.rss(),
      probes: probeReport(),
    });
    return;
  }
  addProbes(run.probes);
  let failed: SeedFailure | null = null;
  if (run.result === 'fail') failed = { failure: run.failure, replay: run.replay, ...traced(run, seed) };
  record(journalPath, {
    type: 'result',
    index: assignment.index,
    seed: {
      scenario: run.scenario,
      result: run.result,
      ops: run.ops,
      virtual_ms: run.virtual_ms,
      wall_ms: run.wall_ms,
      trace_hash: run.trace_hash,
    },
    failed,
    rssBytes: process.memoryUsage.rss(),
    probes: probeReport(),
  });
}

/** Runs the queue one seed per event-loop turn, so that new batches can arrive in between. */
function drain(): void {
  // A parent that died while this seed ran cannot be told anything: end now, not at the queue's end.
  if (!process.connected) process.exit(0);
  const next = queue.shift();
  if (next === undefined) {
    draining = false;
    return;
  }
  runOne(next);
  if (queue.length <= noticeAtQueued) send({ type: 'notice' });
  nextTurn(drain);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    void load(message);
    return;
  }
  for (const assignment of message.seeds) queue.push({ assignment, journalPath: message.journalPath });
  noticeAtQueued = message.noticeAtQueued;
  if (draining) return;
  draining = true;
  drain();
});

// The parent going away (a crash, a kill -9) must not leave orphaned workers behind. Between
// seeds, exiting runs the exit hooks that remove the worlds' folders (faults/temp-registry.ts);
// mid-seed, the watch thread does it (parent-watch.ts).
process.on('disconnect', () => process.exit(0));
const tempDir = process.env[TEMP_DIR_ENV];
watchParent(tempDir === undefined || tempDir === '' ? null : tempDir);
// Ctrl-C on a terminal signals the whole process group. The parent decides what a stop means
// (it reads the finished seeds' reports, then kills its workers), so a worker must not die of
// it first and be taken for a crash.
process.on('SIGINT', () => {});
