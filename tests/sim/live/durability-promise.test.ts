/**
 * What each started server promises to a SIGKILL, and how the promise judges a history: with
 * no loss window nothing changes, so a write lost to a kill fails the check; under everysec each
 * kill becomes a loss, which lets a suffix of the writes applied inside the window be lost, and
 * nothing older, and nothing out of order.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, historyText, parseHistory } from '../../../sim/linearizability/index.ts';
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
    expect(judged.atRiskIds).toEqual([]);
    expect(judged.history).toBe(LOST_RECENT);
    expect(checkHistory(judged.history).verdict).toBe('not-linearizable');
  });

  it('under everysec lets a write acknowledged inside the window be lost, and nothing older', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    const recent = judgedHistory(LOST_RECENT, [KILL], everysec);
    expect(recent.atRiskIds).toEqual([0]);
    expect(recent.history.ops).toBe(LOST_RECENT.ops);
    expect(recent.history.losses).toEqual([{ id: 2, fromMs: 7900, killMs: 10_000, upMs: 10_500 }]);
    expect(checkHistory(recent.history).verdict).toBe('linearizable');
    const old = judgedHistory(LOST_OLD, [KILL], everysec);
    expect(old.atRiskIds).toEqual([]);
    expect(checkHistory(old.history).verdict).toBe('not-linearizable');
  });

  it('relaxes nothing that returned after the server was back', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    const after = history([[0, 10_550, 10_560, 'SET x 1', '+OK']]);
    expect(judgedHistory(after, [KILL], everysec).atRiskIds).toEqual([]);
  });

  it('loses only a suffix: an older write cannot survive when a newer one is lost', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    // SET x 1 then SET y 1, both inside the window; after the restart y survived and x did not.
    const outOfOrder = history([
      [0, 9000, 9001, 'SET x 1', '+OK'],
      [0, 9100, 9101, 'SET y 1', '+OK'],
      [1, 10_600, 10_601, 'MGET x y', ['nil', '$1']],
    ]);
    expect(checkHistory(judgedHistory(outOfOrder, [KILL], everysec).history).verdict).toBe(
      'not-linearizable',
    );
    // Both lost, or only the newer one: both allowed.
    const suffix = history([
      [0, 9000, 9001, 'SET x 1', '+OK'],
      [0, 9100, 9101, 'SET y 1', '+OK'],
      [1, 10_600, 10_601, 'MGET x y', ['$1', 'nil']],
      [1, 10_602, 10_603, 'SET z 1', '+OK'],
    ]);
    expect(checkHistory(judgedHistory(suffix, [KILL], everysec).history).verdict).toBe('linearizable');
  });

  it('keeps the replies given before the kill: a read inside the window still judges', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    // INCR n answered 2 before any write made it 1: wrong before the kill, whatever was lost.
    const wrong = history([
      [0, 9000, 9001, 'INCR n', ':2'],
      [1, 10_600, 10_601, 'GET n', 'nil'],
    ]);
    expect(checkHistory(judgedHistory(wrong, [KILL], everysec).history).verdict).toBe('not-linearizable');
  });

  it('writes the losses into the history file and reads them back with the same verdict', () => {
    const everysec = durabilityPromise({ kind: 'redis', appendfsync: 'everysec' });
    const judged = judgedHistory(LOST_RECENT, [KILL], everysec).history;
    const again = parseHistory(historyText(judged));
    expect(again.losses).toEqual(judged.losses);
    expect(checkHistory(again).verdict).toBe('linearizable');
    expect(checkHistory({ ...again, losses: [] }).verdict).toBe('not-linearizable');
  });
});
