/**
 * Memory pressure (faults/memory-pressure.ts): SQLITE_NOMEM on every n-th statement through
 * redlite's beforeStatement hook. redlite must answer a refused command with an error reply
 * and change nothing; the statements in between run. Also pins down why the fault is not
 * `PRAGMA hard_heap_limit`: this SQLite build ignores heap limits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultOptionError } from '../../faults/errors.ts';
import { MemoryPressure } from '../../faults/memory-pressure.ts';
import { Redlite } from '../../redlite/index.ts';

const folder = mkdtempSync(join(tmpdir(), 'memory-pressure-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const clock = { now: () => 1_000 };

describe('memory pressure', () => {
  it('refuses a write with an error reply that changed nothing, and lets later ones through', () => {
    let pressure: MemoryPressure | null = null;
    const store = Redlite.open(join(folder, 'a.db'), {
      clock,
      hooks: { beforeStatement: (info) => pressure?.hook(info) },
    });
    expect(store.exec(['SET', 'k', 'before'])).toEqual({ type: 'simple', value: 'OK' });
    pressure = new MemoryPressure(1, Database.SqliteError);
    const refused = store.exec(['SET', 'k', 'during']);
    expect(refused.type).toBe('error');
    expect(String(refused.type === 'error' ? refused.value : '')).toMatch(/out of memory/);
    expect(pressure.takeFired()).toBe(true);
    expect(pressure.takeFired()).toBe(false);
    pressure = null;
    expect(store.exec(['GET', 'k'])).toEqual({ type: 'bulk', value: Buffer.from('before') });
    expect(store.exec(['SET', 'k', 'after'])).toEqual({ type: 'simple', value: 'OK' });
    expect(store.exec(['GET', 'k'])).toEqual({ type: 'bulk', value: Buffer.from('after') });
    store.close();
  });

  it('fails only every n-th statement, so short commands pass between failures', () => {
    const pressure = new MemoryPressure(4, Database.SqliteError);
    const store = Redlite.open(join(folder, 'b.db'), {
      clock,
      hooks: { beforeStatement: (info) => pressure.hook(info) },
    });
    const replies = Array.from({ length: 20 }, (_, i) => store.exec(['GET', `k${i}`]));
    const errors = replies.filter((reply) => reply.type === 'error').length;
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(20);
    store.close();
  });

  it('checks its option', () => {
    expect(() => new MemoryPressure(0, Database.SqliteError)).toThrow(FaultOptionError);
    expect(() => new MemoryPressure(5, Database.SqliteError)).toThrow(FaultOptionError);
  });

  it('is not hard_heap_limit: this SQLite build (SQLITE_DEFAULT_MEMSTATUS=0) ignores heap limits', () => {
    const db = new Database(':memory:');
    const options = db.pragma('compile_options') as { compile_options: string }[];
    expect(options.map((row) => row.compile_options)).toContain('DEFAULT_MEMSTATUS=0');
    db.exec('CREATE TABLE t (v BLOB)');
    db.pragma('hard_heap_limit = 50000');
    try {
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 50; i++) insert.run(Buffer.alloc(100_000, i));
      expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(50);
    } finally {
      db.pragma('hard_heap_limit = 0');
      db.close();
    }
  });
});
