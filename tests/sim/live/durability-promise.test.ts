/**
 * What each started server promises to a SIGKILL, and how the promise relaxes a history: with
 * no loss window nothing changes, so a write lost to a kill fails the check; under everysec only
 * operations that returned inside the window before a kill become unknown, which lets exactly
 * those be lost.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../sim/linearizability/index.ts';
import {
  durabilityPromise,
  EVERYSEC_LOSS_MS_MAX,
  judgedHistory,
} from '../../../sim/live/durability-promise.ts';
import { history } from '../linearizability/histories.ts';

const KILL = { killMs: 10_000, upMs: 10_500 };

/** SET x 1 acknowledged 500 ms before the kill, then a read after the restart that lost it. */
const LOST_RECENT = history([
  [0, 9400, 9500, 'SET x 1', '+OK'],
  [1, 10_600, 10_601, 'GET x', 'nil'],
]);

/** The same loss, of a write acknowledged long before the kill. */
const LOST_OLD = history([
  [0, 1000, 1001, 'SET x 1', '+OK'],
  [1, 10_600, 10_601, 'GET x', 'nil'],
]);

describe('durabilityPromise', () => {
  it('allows a loss window only for appendfsync everysec', () => {
    expect(durabilityPromise({ kind: 'redis', appendfsync: 'everysec' }).lossWindowMs).toBe(
      EVERYSEC_LOSS_MS_MAX,
    );
    for (const appendfsync of ['always', 'no'] as const)
      expect(durabilityPromise({ kind: 'redis', appendfsync }).lossWindowMs).toBe(0);
    for (const synchronous of ['full', 'normal'] as const)
      expect(durabilityPromise({ kind: 'redlite-server', synchronous }).lossWindowMs).toBe(0);
  });
});

describe('judgedHistory', () => {
  it('leaves the history alone without a window, so a lost acknowledged write fails', () => {
    const strict = durabilityPromise({ kind: 'redis', appendfsync: 'always' });
    const judged = judgedHistory(LOST_RECENT, [KILL], strict);
    expect(judged.relaxedIds).toEqual([]);
    expect(judged.history).toBe(LOST_RECENT);
    expect(checkHistory(judged.history).verdict).toBe('not-linearizable');
  });

  it('under everysec lets a write acknowledged inside the window be lost, and nothing older', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    const recent = judgedHistory(LOST_RECENT, [KILL], everysec);
    expect(recent.relaxedIds).toEqual([0]);
    expect(recent.history.ops[0]).toMatchObject({ status: 'unknown', returnMs: null, reply: null });
    expect(checkHistory(recent.history).verdict).toBe('linearizable');
    const old = judgedHistory(LOST_OLD, [KILL], everysec);
    expect(old.relaxedIds).toEqual([]);
    expect(checkHistory(old.history).verdict).toBe('not-linearizable');
  });

  it('relaxes nothing that returned after the server was back', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    const after = history([[0, 10_550, 10_560, 'SET x 1', '+OK']]);
    expect(judgedHistory(after, [KILL], everysec).relaxedIds).toEqual([]);
  });
});
