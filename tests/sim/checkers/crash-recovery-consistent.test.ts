/**
 * The crash_recovery_consistent check on its own, with models standing in for the recovered
 * store: reading the recovered state, picking the first candidate that matches, the failure
 * when none does, and corrupted keys left out of the comparison.
 */
import { describe, expect, it } from 'vitest';
import { type Arg, error, type Reply } from '../../../redlite/reply.ts';
import { CorruptionLedger, type ErrorReply } from '../../../sim/checkers/CorruptionLedger.ts';
import {
  type Candidate,
  dumpRecovered,
  type RecoveredWorld,
  settle,
} from '../../../sim/checkers/crash-recovery-consistent.ts';
import { ExpiryShadow } from '../../../sim/checkers/ExpiryShadow.ts';
import type { KeyState } from '../../../sim/checkers/state-dump.ts';
import { Model } from '../../../sim/model/index.ts';
import { ModelAdapter } from '../../../sim/world/model-adapter.ts';

const clock = { now: () => 1_000_000 };

function modelWith(...commands: Arg[][]): ModelAdapter {
  const model = new ModelAdapter(new Model({ clock }));
  for (const argv of commands) model.exec(argv);
  return model;
}

function worldOn(target: { exec(argv: Arg[]): Reply }, ledger = new CorruptionLedger()): RecoveredWorld {
  return {
    target,
    expiry: new ExpiryShadow(),
    clock,
    corruption: ledger,
    unlistable: (thrown) => ledger.excusesUnlistable(thrown),
  };
}

function candidate(model: ModelAdapter, kept: number | null): Candidate {
  return { model, kept, inFlightApplied: false };
}

function recovered(world: RecoveredWorld): Map<string, KeyState> {
  const state = dumpRecovered(world, 7, 'a power loss');
  if (!(state instanceof Map)) throw new Error(`unexpected failure: ${state.message}`);
  return state;
}

const brokenScan = (argv: Arg[]): Reply =>
  String(argv[0]) === 'SCAN' ? error('ERR database disk image is malformed') : error('ERR unreachable');

describe('reading the recovered store', () => {
  it('fails as crash_recovery_consistent when the store cannot be listed', () => {
    const failure = dumpRecovered(worldOn({ exec: brokenScan }), 7, 'a crash');
    expect(failure).toMatchObject({ invariant: 'crash_recovery_consistent', event_index: 7 });
    expect((failure as { message: string }).message).toMatch(
      /^after a crash: the recovered store cannot be read/,
    );
  });

  it('reads an unlistable store as empty once corruption excuses it', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(dumpRecovered(worldOn({ exec: brokenScan }, ledger), 7, 'a crash')).toEqual(new Map());
  });
});

describe('settling on a candidate', () => {
  const store = modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'b']);

  it('adopts the first candidate that matches', () => {
    const world = worldOn(store);
    const candidates = [
      candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'b'], ['SET', 'k:3', 'c']), null),
      candidate(modelWith(['SET', 'k:1', 'a']), 1),
      candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'b']), 2),
      candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'b']), 3),
    ];
    const outcome = settle(world, recovered(world), candidates, 7, 'a power loss');
    expect(outcome).toEqual({ candidate: candidates[2] });
  });

  it('fails naming how many states were tried and the diff against the first', () => {
    const world = worldOn(store);
    const candidates = [candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'z']), null)];
    const outcome = settle(world, recovered(world), candidates, 7, 'a power loss');
    expect('failure' in outcome).toBe(true);
    const { failure } = outcome as { failure: { invariant: string; message: string } };
    expect(failure.invariant).toBe('crash_recovery_consistent');
    expect(failure.message).toMatch(/^after a power loss: the recovered state matches none of the 1 states/);
    expect(failure.message).toMatch(/k:2/);
  });

  it('leaves keys the ledger counts as corrupted out of the comparison', () => {
    const ledger = new CorruptionLedger();
    const world = worldOn(store, ledger);
    const candidates = [candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'z']), null)];
    expect('failure' in settle(world, recovered(world), candidates, 7, 'a power loss')).toBe(true);
    ledger.faultMayHaveCorrupted();
    ledger.explainsError({
      argv: ['GET', 'k:2'],
      actual: error('ERR database disk image is malformed') as ErrorReply,
      modelReply: () => error('ERR something else'),
      livenessPhase: false,
    });
    expect(settle(world, recovered(world), candidates, 7, 'a power loss')).toEqual({
      candidate: candidates[0],
    });
  });
});
