/**
 * A sweep worker: a long-lived child process that runs many seeds, one at a time, for the
 * parent sweep. Starting a process costs far more than a seed, so a worker is only replaced
 * when it dies or hangs.
 *
 * A failing seed is run a second time with a trace file: a pass costs no trace I/O, the failure
 * keeps its trace, and the two runs must agree (same result, same trace hash), which checks
 * determinism for free. Scheduling, timeouts and replacement belong to the parent (Sweep.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunOptions, RunResult } from '../run-types.ts';
import type { InitMessage, ParentMessage, RunMessage, WorkerMessage } from './protocol.ts';

type RunSeed = (options: RunOptions) => RunResult;

let runSeed: RunSeed | null = null;
let init: InitMessage | null = null;

function send(message: WorkerMessage): void {
  process.send?.(message);
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

function runOne(message: RunMessage): void {
  if (runSeed === null || init === null) throw new Error('sweep worker got a seed before init');
  const seed = BigInt(message.seed);
  try {
    const run = runSeed({ ...init.world, seed, logLevel: 'silent' });
    const kept = run.result === 'fail' ? traced(run, seed) : { tracePath: null, nondeterminism: null };
    send({ type: 'result', index: message.index, run, ...kept, rssBytes: process.memoryUsage().rss });
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    send({
      type: 'error',
      index: message.index,
      seed: message.seed,
      message: text,
      rssBytes: process.memoryUsage().rss,
    });
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') void load(message);
  else runOne(message);
});

// The parent going away (a crash, Ctrl-C) must not leave orphaned workers behind.
process.on('disconnect', () => process.exit(0));
