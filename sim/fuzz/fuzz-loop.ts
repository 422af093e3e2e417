/**
 * The fuzzing loop, as it runs inside the worker thread: start from the corpus and the
 * target's seeds, then repeatedly make a batch of mutants of corpus entries, run them, and
 * take coverage once for the batch. Only when the batch found something new are its mutants
 * run again, halves then quarters down to single inputs, to keep exactly the ones that did
 * (a take costs milliseconds, a mutant usually microseconds). The first input that throws ends the loop as
 * a crash. Everything random comes from the seeded stream, and the batch size is fixed, so a
 * run is a function of its seed and its starting corpus.
 */
import type { Rng } from '../random/Rng.ts';
import type { Coverage } from './coverage.ts';
import { describeError } from './describe-error.ts';
import { mutate } from './mutate.ts';
import type { FuzzWorkerMessage } from './protocol.ts';
import { INPUT_BYTES_MAX, type SharedFuzzState } from './shared-state.ts';
import type { FuzzTarget } from './targets/types.ts';

export interface LoopParts {
  readonly target: FuzzTarget;
  readonly coverage: Coverage;
  readonly rng: Rng;
  readonly shared: SharedFuzzState;
  readonly initial: readonly Buffer[];
  readonly runsMax: number | null;
  readonly batchSize: number;
  readonly emit: (message: FuzzWorkerMessage) => void;
}

type Outcome = { readonly error: null } | { readonly error: unknown };

export type LoopEnd = 'stopped' | 'runs' | 'crash';

export function fuzzLoop(parts: LoopParts): LoopEnd {
  const { target, coverage, rng, shared } = parts;
  const corpus: Buffer[] = [];
  const dictionary = target.dictionary.map((token) => Buffer.from(token));
  const execute = (input: Buffer): Outcome => {
    shared.beginInput(input);
    try {
      target.run(input);
      return { error: null };
    } catch (error) {
      return { error };
    } finally {
      shared.endInput();
    }
  };
  const crashed = (input: Buffer, outcome: Outcome): boolean => {
    if (outcome.error === null) return false;
    parts.emit({ kind: 'crash', input: new Uint8Array(input), ...describeError(outcome.error) });
    return true;
  };
  const keep = (input: Buffer, announce: boolean): void => {
    corpus.push(input);
    if (announce) parts.emit({ kind: 'corpus', input: new Uint8Array(input) });
    shared.setCounts(corpus.length, coverage.features);
  };

  // Whatever ran while the target was loading (its seeds may run code) is the baseline.
  coverage.commit(coverage.take());
  for (const input of parts.initial) {
    if (crashed(input, execute(input))) return 'crash';
    coverage.commit(coverage.take());
    keep(input, false);
  }
  for (const seed of target.seeds()) {
    const input = seed.subarray(0, INPUT_BYTES_MAX);
    if (crashed(input, execute(input))) return 'crash';
    if (coverage.commit(coverage.take()) > 0 || corpus.length === 0) keep(input, true);
  }
  if (corpus.length === 0) keep(Buffer.alloc(0), false);

  const context = {
    rng,
    dictionary,
    other: () => rng.pick(corpus),
    inputBytesMax: INPUT_BYTES_MAX,
  };
  while (!shared.stopRequested) {
    if (parts.runsMax !== null && shared.execs >= parts.runsMax) return 'runs';
    const batch: Buffer[] = [];
    for (let i = 0; i < parts.batchSize; i++) {
      const mutant = mutate(rng.pick(corpus), context);
      if (crashed(mutant, execute(mutant))) return 'crash';
      batch.push(mutant);
    }
    if (!coverage.isNovel(coverage.take())) continue;
    if (attribute(batch) === 'crash') return 'crash';
  }
  return 'stopped';

  /**
   * Finds the inputs of a batch that found something new by bisection: run a half, take,
   * and look inside only a half that is novel. One novel input in 64 costs about 12 takes
   * rather than 64. Counters are clean on entry (the batch's take just ran).
   */
  function attribute(inputs: readonly Buffer[]): 'crash' | 'done' {
    if (inputs.length === 1) {
      const input = inputs[0] as Buffer;
      if (crashed(input, execute(input))) return 'crash';
      if (coverage.commit(coverage.take()) > 0) keep(input, true);
      return 'done';
    }
    const middle = Math.ceil(inputs.length / 2);
    for (const half of [inputs.slice(0, middle), inputs.slice(middle)]) {
      for (const input of half) if (crashed(input, execute(input))) return 'crash';
      if (coverage.isNovel(coverage.take()) && attribute(half) === 'crash') return 'crash';
    }
    return 'done';
  }
}
