/**
 * The wal_durability verdict on a recovery that settled on a prefix: synced writes must
 * survive (WAL rot excused and counted unless --strict-rot), any acknowledged write must
 * survive under --strict-durability, and the message counts what was lost.
 */
import { describe, expect, it } from 'vitest';
import { type PrefixRecovered, walDurabilityVerdict } from '../../../sim/checkers/wal-durability.ts';

const LOST_TWO: PrefixRecovered = {
  eventIndex: 41,
  what: 'a power loss',
  durability: 'normal',
  strictDurability: true,
  strictRot: false,
  acknowledged: 5,
  durable: 0,
  kept: 3,
  walRotted: false,
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

  it('allows losing unsynced writes without --strict-durability', () => {
    expect(walDurabilityVerdict({ ...LOST_TWO, strictDurability: false })).toBeNull();
  });

  it('excuses a loss after WAL rot, unless --strict-rot', () => {
    expect(walDurabilityVerdict({ ...LOST_TWO, walRotted: true })).toBeNull();
    expect(walDurabilityVerdict({ ...LOST_TWO, walRotted: true, durable: 4 })).toBeNull();
    expect(walDurabilityVerdict({ ...LOST_TWO, walRotted: true, strictRot: true })?.invariant).toBe(
      'wal_durability',
    );
  });

  it('fails losing synced writes after WAL rot under --strict-rot, even without --strict-durability', () => {
    const failure = walDurabilityVerdict({
      ...LOST_TWO,
      strictDurability: false,
      durability: 'full',
      walRotted: true,
      strictRot: true,
      durable: 5,
    });
    expect(failure?.message).toBe(
      'after a power loss, after a WAL frame rotted, 2 of 5 synced acknowledged write(s) since the last checkpoint were lost (the store recovered the first 3)',
    );
    expect(failure?.expected).toBe('every synced write');
  });

  it('fails losing synced writes with no rot at all', () => {
    const failure = walDurabilityVerdict({ ...LOST_TWO, strictDurability: false, durable: 4 });
    expect(failure?.actual).toBe('1 lost');
  });
});
