/**
 * redlite's tuned constants and its probes: extreme `listPositionGap` and `expireSampleKeys`
 * values answer exactly as the defaults do while taking the rare paths, bad values are refused
 * with the option's name, and each reachable probe fires where its description says.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Arg,
  type Clock,
  MID_TRANSACTION_PROBES,
  REDLITE_PROBES,
  Redlite,
  type RedliteOptions,
  type RedliteProbe,
  type Reply,
} from '../../redlite/index.ts';

let folder: string;
let opened = 0;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-tuning-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

class ManualClock implements Clock {
  ms = 1_700_000_000_000;
  now(): number {
    return this.ms;
  }
}

interface Probed {
  readonly db: Redlite;
  readonly probes: RedliteProbe[];
  readonly path: string;
}

function open(options: RedliteOptions = {}): Probed {
  const probes: RedliteProbe[] = [];
  const path = join(folder, `db${opened++}`);
  const db = Redlite.open(path, { hooks: { probe: (name) => probes.push(name) }, ...options });
  return { db, probes, path };
}

/** A deterministic list workload that inserts next to a few pivots over and over. */
function listWorkload(): Arg[][] {
  const commands: Arg[][] = [['RPUSH', 'l', 'p0', 'p1', 'p2', 'p3']];
  // 60 inserts over 4 pivots, both sides: no gap of the default 1,000,000 runs out.
  for (let i = 0; i < 60; i++) {
    const pivot = `p${(i * 7) % 4}`;
    commands.push(['LINSERT', 'l', i % 3 === 0 ? 'AFTER' : 'BEFORE', pivot, `v${i}`]);
    if (i % 10 === 0) commands.push(['LPUSH', 'l', `h${i}`]);
    if (i % 25 === 0) commands.push(['LREM', 'l', '1', `v${i - 5}`]);
  }
  commands.push(['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'], ['LINDEX', 'l', '57']);
  return commands;
}

function replies(db: Redlite, commands: Arg[][]): Reply[] {
  return commands.map((argv) => db.exec(argv));
}

describe('listPositionGap', () => {
  it('answers as the default gap does while renumbering routinely at a gap of 2', () => {
    const tight = open({ listPositionGap: 2 });
    const usual = open();
    expect(replies(tight.db, listWorkload())).toEqual(replies(usual.db, listWorkload()));
    expect(tight.probes).toContain('list_rebalance');
    expect(tight.probes).toContain('list_insert_gap_edge');
    expect(usual.probes).not.toContain('list_rebalance');
    expect(tight.db.audit({ integrity: 'full' }).problems).toEqual([]);
    tight.db.close();
    usual.db.close();
  });

  it('keeps positions on the gap after a renumbering', () => {
    const { db, path } = open({ listPositionGap: 3 });
    db.exec(['RPUSH', 'l', 'a', 'b']);
    for (let i = 0; i < 4; i++) db.exec(['LINSERT', 'l', 'BEFORE', 'b', `x${i}`]);
    db.close();
    const raw = new Database(path, { readonly: true });
    const positions = raw.prepare('SELECT pos FROM lists ORDER BY pos').pluck().all() as number[];
    raw.close();
    expect(positions.filter((pos) => pos % 3 === 0).length).toBeGreaterThan(positions.length / 2);
  });

  it.each([1, 1.5, 1_000_001, Number.NaN])('refuses a gap of %s, naming the option', (gap) => {
    expect(() => open({ listPositionGap: gap })).toThrow(
      new RegExp(`listPositionGap must be an integer from 2 to 1000000, got ${gap}`),
    );
  });
});

describe('expireSampleKeys', () => {
  function expiring(sample: number): { probed: Probed; deleted: number[]; left: Reply } {
    const clock = new ManualClock();
    const probed = open({ clock, expireSampleKeys: sample });
    for (let i = 0; i < 50; i++) probed.db.exec(['SET', `k${i}`, 'v', 'PX', String(1000 + (i % 5))]);
    probed.db.exec(['SET', 'kept', 'v']);
    clock.ms += 5000;
    const deleted = [probed.db.expireCycle(10), probed.db.expireCycle(30), probed.db.expireCycle(30)];
    return { probed, deleted, left: probed.db.exec(['DBSIZE']) };
  }

  it('deletes the same keys whatever the sample, reading more samples when it is small', () => {
    const one = expiring(1);
    const usual = expiring(20);
    expect(one.deleted).toEqual([10, 30, 10]);
    expect(usual.deleted).toEqual(one.deleted);
    expect(one.left).toEqual(usual.left);
    expect(one.probed.probes).toContain('expire_cycle_batches');
    // 20 per sample: the cycle of 30 reads two samples, the cycle of 10 only one.
    expect(usual.probed.probes.filter((name) => name === 'expire_cycle_batches')).toHaveLength(1);
    one.probed.db.close();
    usual.probed.db.close();
  });

  it('refuses a sample of 0', () => {
    expect(() => open({ expireSampleKeys: 0 })).toThrow(/expireSampleKeys must be an integer >= 1, got 0/);
  });
});

describe("redlite's probes", () => {
  it('fire where their descriptions say, and plain commands fire none', () => {
    const clock = new ManualClock();
    const { db, probes } = open({ clock, walCheckpointPages: 2 });
    db.exec(['SET', 'a', '1']);
    db.exec(['GET', 'a']);
    expect(probes).toEqual([]);

    db.exec(['SET', 'short', 'v', 'PX', '10']);
    clock.ms += 100;
    db.exec(['GET', 'short']);
    expect(probes).toContain('lazy_expiry_deleted');

    for (const [add, remove] of [
      [
        ['RPUSH', 'l', 'x'],
        ['LPOP', 'l'],
      ],
      [
        ['SADD', 's', 'x'],
        ['SREM', 's', 'x'],
      ],
      [
        ['HSET', 'h', 'f', 'v'],
        ['HDEL', 'h', 'f'],
      ],
      [
        ['ZADD', 'z', '1', 'x'],
        ['ZREM', 'z', 'x'],
      ],
      [
        ['RPUSH', 't', 'x'],
        ['LTRIM', 't', '1', '0'],
      ],
    ] as Arg[][][]) {
      probes.length = 0;
      db.exec(add as Arg[]);
      db.exec(remove as Arg[]);
      expect(probes, String(remove?.[0])).toContain('empty_aggregate_deleted');
    }

    probes.length = 0;
    db.exec(['ZADD', 'big', ...Array.from({ length: 129 }, (_, i) => ['1', `m${i}`]).flat()]);
    expect(probes).toEqual(['zset_skiplist_converted']);

    probes.length = 0;
    for (let i = 0; i < 5; i++) db.exec(['SET', `w${i}`, 'v']);
    expect(probes).toContain('wal_restart');
    db.close();
  });

  it('announce a checksum mismatch a command answered with an error', () => {
    const { db, probes, path } = open();
    db.exec(['SET', 'k', 'v']);
    const raw = new Database(path);
    raw.prepare('UPDATE strings SET crc = crc + 1').run();
    raw.close();
    expect(db.exec(['GET', 'k']).type).toBe('error');
    expect(probes).toEqual(['checksum_mismatch']);
    db.close();
  });

  it('announce a checkpoint that a reader held back (two connections; worlds run one)', () => {
    const { db, probes, path } = open({ walCheckpointPages: 1_000 });
    db.exec(['SET', 'k', 'v']);
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM keys').get();
    db.exec(['SET', 'k', 'w']);
    db.checkpoint();
    reader.exec('COMMIT');
    reader.close();
    expect(probes).toContain('checkpoint_blocked_by_reader');
    db.close();
  });

  it('inside a transaction roll the whole command back when the hook fails it there', () => {
    const clock = new ManualClock();
    const setups: Record<string, { setup: Arg[][]; command: Arg[]; read: Arg[] }> = {
      list_rebalance: {
        setup: [
          ['RPUSH', 'l', 'a', 'b'],
          ['LINSERT', 'l', 'BEFORE', 'b', 'x'],
        ],
        command: ['LINSERT', 'l', 'BEFORE', 'b', 'y'],
        read: ['LRANGE', 'l', '0', '-1'],
      },
      list_insert_gap_edge: {
        setup: [['RPUSH', 'l', 'a', 'b']],
        command: ['LINSERT', 'l', 'BEFORE', 'b', 'x'],
        read: ['LRANGE', 'l', '0', '-1'],
      },
      lazy_expiry_deleted: {
        setup: [
          ['SET', 'k', 'v', 'PX', '10'],
          ['SET', 'other', '1'],
        ],
        command: ['GET', 'k'],
        read: ['DBSIZE'],
      },
      empty_aggregate_deleted: {
        setup: [['SADD', 's', 'x']],
        command: ['SREM', 's', 'x'],
        read: ['SMEMBERS', 's'],
      },
      zset_skiplist_converted: {
        setup: [['ZADD', 'z', ...Array.from({ length: 128 }, (_, i) => ['1', `m${i}`]).flat()]],
        command: ['ZADD', 'z', '2', 'one-more'],
        read: ['ZCARD', 'z'],
      },
    };
    for (const name of MID_TRANSACTION_PROBES) {
      if (name === 'list_positions_exhausted') continue;
      const case_ = setups[name];
      expect(case_, name).toBeDefined();
      const { setup, command, read } = case_ as (typeof setups)[string];
      let failing = false;
      const { db } = open({
        clock,
        listPositionGap: 2,
        hooks: {
          probe: (seen) => {
            if (failing && seen === name)
              throw new Database.SqliteError('disk I/O error (test)', 'SQLITE_IOERR');
          },
        },
      });
      for (const argv of setup) db.exec(argv);
      clock.ms += 100;
      const stored = (): string =>
        JSON.stringify(db.audit().keys.map((key) => [key.key.toString(), key.id, key.version]));
      const before = [db.exec(read), stored()];
      failing = true;
      expect(db.exec(command).type, name).toBe('error');
      failing = false;
      // The stored keys (versions included) show the rollback even where replies cannot.
      expect([db.exec(read), stored()], name).toEqual(before);
      expect(db.audit().problems, name).toEqual([]);
      db.close();
    }
  });

  it('are the names redlite documents', () => {
    expect([...REDLITE_PROBES].sort()).toEqual([
      'checkpoint_blocked_by_reader',
      'checksum_mismatch',
      'empty_aggregate_deleted',
      'expire_cycle_batches',
      'lazy_expiry_deleted',
      'list_insert_gap_edge',
      'list_positions_exhausted',
      'list_rebalance',
      'wal_restart',
      'zset_skiplist_converted',
    ]);
  });
});
