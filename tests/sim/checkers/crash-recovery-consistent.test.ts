/**
 * The crash_recovery_consistent check on its own, with models standing in for the recovered
 * store: reading the recovered state, picking the first candidate that matches, the failure
 * when none does, and keys answering corruption errors left out of the comparison.
 */
import { describe, expect, it } from 'vitest';
import { type Arg, error, type Reply } from '../../../redlite/reply.ts';
import { CorruptionLedger, type ErrorReply } from '../../../sim/checkers/CorruptionLedger.ts';
import {
  type Candidate,
  dumpRecovered,
  type RecoveredWorld,
  settle,
  UNLISTABLE,
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
  if (!(state instanceof Map)) throw new Error(`unexpected dump: ${JSON.stringify(state)}`);
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

  it('reads an unlistable store as nothing to compare once corruption excuses it', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(dumpRecovered(worldOn({ exec: brokenScan }, ledger), 7, 'a crash')).toBe(UNLISTABLE);
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

  it('leaves out a key that answers a corruption error, never one that answers a wrong value', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    ledger.explainsError({
      argv: ['GET', 'k:2'],
      actual: error('ERR database disk image is malformed') as ErrorReply,
      modelReply: () => error('ERR something else'),
      livenessPhase: false,
    });
    const candidates = [candidate(modelWith(['SET', 'k:1', 'a'], ['SET', 'k:2', 'z']), null)];
    // k:2 erred once, but now reads 'b' where the model holds 'z': wrong data, never excused.
    expect(
      'failure' in
        settle(worldOn(store, ledger), recovered(worldOn(store, ledger)), candidates, 7, 'a power loss'),
    ).toBe(true);
    const rotted: { exec(argv: Arg[]): Reply } = {
      exec: (argv) =>
        String(argv[1]) === 'k:2' && String(argv[0]) !== 'SCAN'
          ? error("ERR corrupted data: checksum mismatch in strings for key 'k:2'")
          : store.exec(argv),
    };
    const world = worldOn(rotted, ledger);
    expect(settle(world, recovered(world), candidates, 7, 'a power loss')).toEqual({
      candidate: candidates[0],
    });
  });
});

describe('databases other than 0', () => {
  const inDb2 = (...commands: Arg[][]): ModelAdapter => {
    const model = new ModelAdapter(new Model({ clock }));
    for (const argv of commands) model.exec(argv, 2);
    return model;
  };

  it('settles a crash inside a command in database 2 on what database 2 kept', () => {
    // A crash inside INCR in database 2: database 0 is the same either way.
    const store = inDb2(['INCR', 'k:1']);
    const world = { ...worldOn(store), databasesCompared: () => 16 };
    const candidates = [
      candidate(inDb2(), null),
      { ...candidate(inDb2(['INCR', 'k:1']), null), inFlightApplied: true },
    ];
    expect(recovered(world).get('(db 2) k:1')).toMatchObject({ type: 'string' });
    expect(settle(world, recovered(world), candidates, 7, 'a crash')).toEqual({ candidate: candidates[1] });
  });

  it('after corruption, leaves out an erring key in its own database only', () => {
    // k:1 answers a checksum error in database 2; in database 3 it reads a wrong value.
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    const kept = new ModelAdapter(new Model({ clock }));
    kept.exec(['SET', 'k:1', 'a'], 2);
    kept.exec(['SET', 'k:1', 'wrong'], 3);
    const store = {
      exec: (argv: Arg[], db = 0): Reply =>
        db === 2 && String(argv[0]) !== 'SCAN'
          ? error('ERR corrupted data: checksum mismatch')
          : kept.exec(argv, db),
    };
    const world = { ...worldOn(store, ledger), databasesCompared: () => 16 };
    const expected = new ModelAdapter(new Model({ clock }));
    expected.exec(['SET', 'k:1', 'a'], 2);
    expected.exec(['SET', 'k:1', 'b'], 3);
    const outcome = settle(world, recovered(world), [candidate(expected, null)], 7, 'a crash');
    expect('failure' in outcome).toBe(true);
    expect((outcome as { failure: { message: string } }).failure.message).toMatch(/\(db 3\) k:1/);
    expect((outcome as { failure: { message: string } }).failure.message).not.toMatch(/\(db 2\) k:1/);
  });

  it('compares database 0 alone where sessions cannot SELECT', () => {
    const world = worldOn(inDb2(['INCR', 'k:1']));
    const candidates = [candidate(inDb2(), null)];
    expect(settle(world, recovered(world), candidates, 7, 'a crash')).toEqual({ candidate: candidates[0] });
  });
});
