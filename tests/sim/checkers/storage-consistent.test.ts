/**
 * The storage_consistent verdict on audit reports: every problem fails a sound world, with its
 * rows in the message; once corruption is possible only single verified rows are judged; and
 * versions and ids are compared with the previous audit unless the restart between them may
 * have lost commits.
 */
import { describe, expect, it } from 'vitest';
import type { AuditKey, AuditProblem, AuditReport } from '../../../redlite/index.ts';
import { type AuditMoment, StorageAuditTrail } from '../../../sim/checkers/storage-consistent.ts';

const SOUND: AuditMoment = { what: 'at a state check', corruptionPossible: false, versionsMayGoBack: false };

function key(name: string, id: number, version: number): AuditKey {
  return { db: 0, key: Buffer.from(name), id, version };
}

function report(keys: AuditKey[], problems: AuditProblem[] = [], keySequence = 10): AuditReport {
  return {
    integrity: 'quick',
    problems,
    keys,
    keySequence,
    elementsMax: { list: 0, set: 0, hash: 0, zset: 0 },
  };
}

const ORPHANS: AuditProblem = {
  check: 'value_row_orphaned',
  count: 3,
  examples: ["lists row key_id=4 pos=0: key 'k:1' is a string"],
};
const FRACTION: AuditProblem = {
  check: 'list_position_invalid',
  count: 1,
  examples: ['lists row key_id=4 pos=1.5: not an integer within ±2^50'],
};

describe('storage_consistent', () => {
  it('passes a clean report and fails any problem, naming its rows and count', () => {
    const trail = new StorageAuditTrail();
    expect(trail.judge(report([key('k:1', 1, 1)]), SOUND)).toEqual({
      failure: null,
      excused: 0,
      versionsCompared: false,
    });
    const verdict = trail.judge(report([key('k:1', 1, 2)], [ORPHANS]), SOUND);
    expect(verdict.failure).toBe(
      "storage audit at a state check: value_row_orphaned in 3 row(s): lists row key_id=4 pos=0: key 'k:1' is a string",
    );
  });

  it('excuses what corruption explains, but still judges single rows that verified', () => {
    const trail = new StorageAuditTrail();
    const corrupt = { ...SOUND, corruptionPossible: true };
    const integrity: AuditProblem = {
      check: 'integrity',
      count: 2,
      examples: ['Page 7: btreeInitPage() error'],
    };
    const checksum: AuditProblem = { check: 'checksum', count: 1, examples: ["keys row id=2 key 'k:2'"] };
    expect(trail.judge(report([], [integrity, checksum, ORPHANS]), corrupt)).toEqual({
      failure: null,
      excused: 6,
      versionsCompared: false,
    });
    expect(trail.judge(report([], [integrity, FRACTION]), corrupt).failure).toContain(
      'list_position_invalid',
    );
  });

  it('fails a key whose version went back, a reused id and a sequence that fell', () => {
    const trail = new StorageAuditTrail();
    trail.judge(report([key('k:1', 1, 5), key('k:2', 2, 1)], [], 8), SOUND);
    const verdict = trail.judge(report([key('k:1', 1, 4), key('k:3', 7, 1)], [], 6), SOUND);
    expect(verdict.versionsCompared).toBe(true);
    expect(verdict.failure).toContain("key 'k:1' (id 1) has version 4, down from 5");
    expect(verdict.failure).toContain("key 'k:3' has id 7, handed out before (sequence was 8)");
    expect(verdict.failure).toContain('the key id sequence fell from 8 to 6');
  });

  it('accepts renames, deletions and new keys above the sequence, keyed by id', () => {
    const trail = new StorageAuditTrail();
    trail.judge(report([key('k:1', 1, 5), key('k:2', 2, 1)], [], 2), SOUND);
    const verdict = trail.judge(report([key('k:9', 1, 6), key('k:2', 3, 1)], [], 3), SOUND);
    expect(verdict).toEqual({ failure: null, excused: 0, versionsCompared: true });
  });

  it('compares no versions across a lossy restart or after corruption, and starts afresh', () => {
    const trail = new StorageAuditTrail();
    trail.judge(report([key('k:1', 1, 5)], [], 4), SOUND);
    const lossy = trail.judge(report([key('k:1', 1, 3)], [], 1), { ...SOUND, versionsMayGoBack: true });
    expect(lossy).toEqual({ failure: null, excused: 0, versionsCompared: false });
    // The lossy audit is the new baseline: version 3 may grow from here, not fall.
    expect(trail.judge(report([key('k:1', 1, 2)], [], 1), SOUND).failure).toContain('down from 3');
    const corrupt = trail.judge(report([key('k:1', 1, 1)], [], 1), { ...SOUND, corruptionPossible: true });
    expect(corrupt.failure).toBeNull();
  });
});
