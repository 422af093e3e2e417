/**
 * The fuzzer's worker thread: loads the target module, then either fuzzes it (coverage on,
 * fuzz-loop.ts) or runs one input once (replay and hang confirmation). It runs in a thread of
 * its own so that the supervisor stays free to notice a hang and terminate it.
 *
 * Coverage counts the repository's code except node_modules, the fuzzer's harness (this
 * folder, but for its targets) and the random stream the mutator draws from, which all run
 * between inputs: feedback is about the code under test alone.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../random/index.ts';
import { Coverage } from './coverage.ts';
import { describeError } from './describe-error.ts';
import { fuzzLoop } from './fuzz-loop.ts';
import type { FuzzWorkerData, FuzzWorkerMessage } from './protocol.ts';
import { SharedFuzzState } from './shared-state.ts';
import type { CreateTarget } from './targets/types.ts';

const REPO = new URL('../../', import.meta.url).href;
const HARNESS = new URL('./', import.meta.url).href;
const TARGETS = new URL('./targets/', import.meta.url).href;
/** The mutator's random stream: it runs between inputs, and would look like new coverage. */
const RANDOM = new URL('../random/', import.meta.url).href;

function isCodeUnderTest(url: string): boolean {
  if (!url.startsWith(REPO) || url.includes('/node_modules/') || url.startsWith(RANDOM)) return false;
  return !url.startsWith(HARNESS) || url.startsWith(TARGETS);
}

export class NotAWorkerError extends Error {
  constructor() {
    super('sim/fuzz/fuzz-worker.ts runs only as a worker thread (sim/fuzz/worker-spawn.ts starts it)');
    this.name = 'NotAWorkerError';
  }
}

const data = workerData as FuzzWorkerData;
const port = parentPort;
if (port === null) throw new NotAWorkerError();
const emit = (message: FuzzWorkerMessage): void => port.postMessage(message);
const shared = new SharedFuzzState(data.shared);
const inputs = data.inputs.map((input) => Buffer.from(input));

if (data.mode === 'replay') {
  const { createTarget } = (await import(pathToFileURL(data.targetModule).href)) as {
    createTarget: CreateTarget;
  };
  const target = createTarget(data.scratchDir);
  const input = inputs[0] ?? Buffer.alloc(0);
  shared.beginInput(input);
  try {
    target.run(input);
  } catch (error) {
    emit({ kind: 'crash', input: new Uint8Array(input), ...describeError(error) });
  } finally {
    shared.endInput();
    target.dispose();
  }
  emit({ kind: 'done', reason: 'replayed' });
} else {
  // Coverage starts before the target loads, so its code is compiled with block counters.
  const coverage = new Coverage(isCodeUnderTest);
  coverage.start();
  const { createTarget } = (await import(pathToFileURL(data.targetModule).href)) as {
    createTarget: CreateTarget;
  };
  const target = createTarget(data.scratchDir);
  try {
    const reason = fuzzLoop({
      target,
      coverage,
      rng: new Rng(BigInt(data.seed)),
      shared,
      initial: inputs,
      runsMax: data.runsMax,
      batchSize: data.batchSize,
      emit,
    });
    emit({ kind: 'done', reason });
  } finally {
    target.dispose();
    coverage.stop();
  }
}
