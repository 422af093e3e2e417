/**
 * The planted-bug redlites (sim/planted-bugs/broken-redlite.ts) really misbehave, each in its
 * documented way, and the real redlite does not on the same commands. Other suites rely on
 * these variants to prove the simulator catches bugs, so their bugs must be real.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulk, integer, OK, Redlite, type RedliteOptions } from '../../redlite/index.ts';
import {
  dropEveryNthWriteRedlite,
  incrOffByOneRedlite,
  type RedliteFactory,
  silentListCorruptionRedlite,
  splitRebalanceRedlite,
  splitTransactionRedlite,
  typeChangeLeavesRowsRedlite,
  zaddLosesScoreRedlite,
} from '../../sim/planted-bugs/broken-redlite.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-test-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const real: RedliteFactory = (path, options) => Redlite.open(path, options);

class SimulatedCrash extends Error {}

let opened = 0;

/** Runs MSET and crashes right after its `crashAfterCommits`th commit; returns the keys that survived. */
function crashMidMset(factory: RedliteFactory, crashAfterCommits: number): string[] {
  let commits = 0;
  let armed = false;
  const options: RedliteOptions = {
    hooks: {
      afterCommit: () => {
        if (armed && ++commits === crashAfterCommits) throw new SimulatedCrash('crash');
      },
    },
  };
  const db = factory(join(folder, `db-${opened++}`), options);
  armed = true;
  expect(() => db.exec(['MSET', 'a', '1', 'b', '2', 'c', '3'])).toThrow(SimulatedCrash);
  armed = false;
  const survivors = ['a', 'b', 'c'].filter((key) => db.exec(['EXISTS', key]).value === 1);
  db.close();
  return survivors;
}

describe('planted bugs', () => {
  it('splitTransactionRedlite: a crash after the first commit leaves MSET half applied', () => {
    expect(crashMidMset(splitTransactionRedlite(['MSET', 'LPUSH']), 1)).toEqual(['a']);
    expect(crashMidMset(real, 1)).toEqual(['a', 'b', 'c']);
    const db = splitTransactionRedlite()(':memory:');
    let commits = 0;
    const counted = splitTransactionRedlite()(':memory:', { hooks: { afterCommit: () => void commits++ } });
    expect(counted.exec(['LPUSH', 'l', 'x', 'y', 'z'])).toEqual(integer(3));
    expect(commits).toBe(3);
    expect(db.exec(['MSET', 'a', '1', 'b', '2'])).toEqual(OK);
    expect(db.exec(['MGET', 'a', 'b'])).toEqual({ type: 'array', value: [bulk('1'), bulk('2')] });
    db.close();
    counted.close();
  });

  it('dropEveryNthWriteRedlite: the nth write answers success but changes nothing', () => {
    const broken = dropEveryNthWriteRedlite(5)(':memory:');
    const healthy = real(':memory:');
    for (const db of [broken, healthy]) {
      for (let i = 1; i <= 10; i++) expect(db.exec(['SET', `k${i}`, 'v'])).toEqual(OK);
    }
    expect(broken.exec(['DBSIZE'])).toEqual(integer(8));
    expect(broken.exec(['EXISTS', 'k5'])).toEqual(integer(0));
    expect(healthy.exec(['DBSIZE'])).toEqual(integer(10));
    broken.close();
    healthy.close();
  });

  it('incrOffByOneRedlite: INCR adds two on keys ending in 7', () => {
    const broken = incrOffByOneRedlite()(':memory:');
    expect(broken.exec(['INCR', 'counter7'])).toEqual(integer(2));
    expect(broken.exec(['GET', 'counter7'])).toEqual(bulk('2'));
    expect(broken.exec(['INCR', 'counter8'])).toEqual(integer(1));
    const healthy = real(':memory:');
    expect(healthy.exec(['INCR', 'counter7'])).toEqual(integer(1));
    broken.close();
    healthy.close();
  });

  it('silentListCorruptionRedlite: LSET answers OK but writes the neighbouring index', () => {
    for (const [factory, expected] of [
      [silentListCorruptionRedlite(), ['a', 'b', 'X']],
      [real, ['a', 'X', 'c']],
    ] as const) {
      const db = factory(':memory:');
      db.exec(['RPUSH', 'l', 'a', 'b', 'c']);
      expect(db.exec(['LSET', 'l', '1', 'X'])).toEqual(OK);
      expect(db.exec(['LRANGE', 'l', '0', '-1'])).toEqual({
        type: 'array',
        value: expected.map((v) => bulk(v)),
      });
      db.close();
    }
  });

  it('zaddLosesScoreRedlite: re-scoring an existing member keeps the old score', () => {
    for (const [factory, score] of [
      [zaddLosesScoreRedlite(), '1'],
      [real, '5'],
    ] as const) {
      const db = factory(':memory:');
      expect(db.exec(['ZADD', 'z', '1', 'm'])).toEqual(integer(1));
      expect(db.exec(['ZADD', 'z', '5', 'm', '2', 'n'])).toEqual(integer(1));
      expect(db.exec(['ZSCORE', 'z', 'm'])).toEqual(bulk(score));
      expect(db.exec(['ZSCORE', 'z', 'n'])).toEqual(bulk('2'));
      db.close();
    }
  });

  it('typeChangeLeavesRowsRedlite: SET over a list answers as usual but leaves the list rows', () => {
    for (const [factory, orphans] of [
      [typeChangeLeavesRowsRedlite(), 3],
      [real, 0],
    ] as const) {
      const db = factory(':memory:');
      db.exec(['RPUSH', 'l', 'a', 'b', 'c']);
      expect(db.exec(['SET', 'l', 'now a string'])).toEqual(OK);
      expect(db.exec(['GET', 'l'])).toEqual(bulk('now a string'));
      const found = db.audit().problems.find((problem) => problem.check === 'value_row_orphaned');
      expect(found?.count ?? 0).toBe(orphans);
      db.close();
    }
  });

  it('splitRebalanceRedlite: a renumbering LINSERT commits twice, answering as usual', () => {
    for (const [factory, commits] of [
      [splitRebalanceRedlite(), 2],
      [real, 1],
    ] as const) {
      let counted = 0;
      const db = factory(':memory:', { listPositionGap: 2, hooks: { afterCommit: () => void counted++ } });
      db.exec(['RPUSH', 'l', 'a', 'b']);
      db.exec(['LINSERT', 'l', 'BEFORE', 'b', 'x']);
      counted = 0;
      expect(db.exec(['LINSERT', 'l', 'BEFORE', 'b', 'y'])).toEqual(integer(4));
      expect(counted).toBe(commits);
      expect(db.exec(['LRANGE', 'l', '0', '-1'])).toEqual({
        type: 'array',
        value: ['a', 'x', 'y', 'b'].map((v) => bulk(v)),
      });
      db.close();
    }
  });
});
