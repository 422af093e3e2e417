/**
 * The `drop switches` pass on toy event lists: it removes the switches a failure does not
 * need, keeps the one it does, and leaves the events themselves in place.
 */
import { describe, expect, it } from 'vitest';
import { finishNow } from '../../../sim/pacing.ts';
import { ShrinkBudget } from '../../../sim/trace-tools/budget.ts';
import { pacedOracle } from '../../../sim/trace-tools/ddmin.ts';
import { type ShrinkEvent, withoutSwitches } from '../../../sim/trace-tools/shrink-event.ts';
import { dropSwitches } from '../../../sim/trace-tools/shrink-passes.ts';

const unbounded = () =>
  new ShrinkBudget({ runsMax: 1_000_000, wallMsMax: Number.POSITIVE_INFINITY }, () => 0);

function op(index: number, client: number, switch_: { pause?: number; inside?: number } = {}): ShrinkEvent {
  return { kind: 'op', index, client, argv: ['GET', 'k'], ...switch_ };
}

const events: ShrinkEvent[] = [
  op(0, 0, { pause: 1 }),
  op(1, 1, { inside: 0 }),
  op(2, 0, { pause: 2 }),
  op(3, 1, { inside: 2 }),
  op(4, 2, { inside: 2 }),
  op(5, 0, { pause: 0 }),
  op(6, 1, { inside: 5 }),
];

describe('drop switches', () => {
  it('removes a switch from its op and the inside mark from the ops nested in it', () => {
    const dropped = withoutSwitches(events, new Set([2]));
    expect(dropped[2]).toEqual({ kind: 'op', index: 2, client: 0, argv: ['GET', 'k'] });
    expect(dropped[3]).not.toHaveProperty('inside');
    expect(dropped[4]).not.toHaveProperty('inside');
    // Untouched events stay the very same objects, which the engine's fixpoint test relies on.
    expect(dropped[0]).toBe(events[0]);
    expect(dropped[6]).toBe(events[6]);
  });

  it('keeps only the switch the failure needs, and every event', () => {
    // The toy failure: op 3 runs inside op 2's pause.
    const fails = (candidate: readonly ShrinkEvent[]) =>
      candidate[3]?.inside === 2 && candidate[2]?.pause === 2;
    const shrunk = finishNow(dropSwitches(events, pacedOracle(fails), unbounded()));
    expect(shrunk).toHaveLength(events.length);
    expect(shrunk.filter((event) => event.pause !== undefined).map((event) => event.index)).toEqual([2]);
    expect(shrunk.filter((event) => event.inside !== undefined).map((event) => event.index)).toEqual([3, 4]);
  });

  it('returns the list unchanged when it has no switch', () => {
    const plain = [op(0, 0), op(1, 1)];
    expect(
      finishNow(
        dropSwitches(
          plain,
          pacedOracle(() => true),
          unbounded(),
        ),
      ),
    ).toEqual(plain);
  });
});
