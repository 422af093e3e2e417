/**
 * The wal_durability verdict on a recovery that settled on a prefix: a failure only under
 * --strict-durability, never when WAL rot or misplaced sectors excuse the loss, and a message
 * that counts what was lost.
 */
import { describe, expect, it } from 'vitest';
import { type PrefixRecovered, walDurabilityVerdict } from '../../../sim/checkers/wal-durability.ts';

const LOST_TWO: PrefixRecovered = {
  eventIndex: 41,
  what: 'a power loss',
  durability: 'normal',
  strictDurability: true,
  acknowledged: 5,
  kept: 3,
  walRotted: false,
  mayMisplaceSectors: false,
};

describe('wal_durability', () => {
  it('fails a lost acknowledged write under --strict-durability, counting the loss', () => {
    expect(walDurabilityVerdict(LOST_TWO)).toEqual({
      invariant: 'wal_durability',
      event_index: 41,
      message:
        'after a power loss under synchronous=normal: 2 of 5 acknowledged write(s) since the last checkpoint were lost (the store recovered the first 3)',
      expected: 'every acknowledged write',
      actual: '2 lost',
    });
  });

  it('allows the loss without --strict-durability', () => {
    expect(walDurabilityVerdict({ ...LOST_TWO, strictDurability: false })).toBeNull();
  });

  it('excuses the loss after WAL rot or a power loss that may misplace sectors', () => {
    expect(walDurabilityVerdict({ ...LOST_TWO, walRotted: true })).toBeNull();
    expect(walDurabilityVerdict({ ...LOST_TWO, mayMisplaceSectors: true })).toBeNull();
  });
});
