/**
 * redlite writes its row limits `LIMIT +?` (redlite/Sql.ts says why: a bare bound LIMIT makes
 * SQLite plan the cached statement again at every run). This keeps a bare one from coming back,
 * and checks that the written form still limits: -1 is no limit, 0 is no rows, N is N rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const REDLITE = fileURLToPath(new URL('../../redlite/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('row limits in redlite SQL', () => {
  it('no statement binds a bare LIMIT ?', () => {
    const files = sourceFiles(REDLITE);
    expect(files.length).toBeGreaterThan(20);
    const bare = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${file.slice(REDLITE.length)}:${index + 1}` }))
        .filter(({ line }) => /\bLIMIT\s+\?/i.test(line))
        .map(({ where }) => where),
    );
    expect(bare).toEqual([]);
    // The form the files use is there, so the search above is looking at the SQL at all.
    expect(files.some((file) => readFileSync(file, 'utf8').includes('LIMIT +?'))).toBe(true);
  });

  it('LIMIT +? limits as LIMIT ? does, OFFSET included', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
      const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
      for (let n = 1; n <= 5; n++) insert.run(n);
      const plus = db.prepare('SELECT n FROM t ORDER BY n LIMIT +? OFFSET ?').pluck();
      const bare = db.prepare('SELECT n FROM t ORDER BY n LIMIT ? OFFSET ?').pluck();
      for (const [limit, offset] of [
        [-1, 0],
        [0, 0],
        [2, 0],
        [2, 3],
        [9_007_199_254_740_991, 1],
      ] as const) {
        expect(plus.all(limit, offset)).toEqual(bare.all(limit, offset));
      }
      expect(plus.all(2, 1)).toEqual([2, 3]);
      expect(() => plus.all('x', 0)).toThrow(/datatype mismatch/);
    } finally {
      db.close();
    }
  });
});
