/**
 * Memory pressure: SQLite running out of heap, as SQLITE_NOMEM raised at redlite's statement
 * boundary (its `beforeStatement` hook), on every `failEvery`-th statement while the pressure
 * lasts. redlite treats it like any SQLite failure: it rolls the transaction back and answers
 * an error, so a refused command must have changed nothing.
 *
 * Why not `PRAGMA hard_heap_limit` with a small `cache_size`: better-sqlite3 builds SQLite with
 * SQLITE_DEFAULT_MEMSTATUS=0, and without memory statistics SQLite never enforces a heap limit
 * (the pragma is accepted and ignored; a write of megabytes passes under a 50 kB limit). The
 * limit is also process-wide, which would reach every world a sweep worker runs. Raising the
 * error SQLite would raise, at the statement that would have failed, is what can be replayed.
 *
 * faults/ may not import better-sqlite3 itself, so the caller passes its SqliteError class.
 * It leaves out when pressure starts and ends (sim/generator/FaultSource.ts) and how a refused
 * command is judged (sim/fault-driver/FaultController.ts).
 */
import { FaultOptionError } from './errors.ts';
import { probe } from './probe.ts';
import type { SqliteErrorClass } from './statement-faults.ts';

export const NOMEM_CODE = 'SQLITE_NOMEM';

/** The most statements a pressure lets through between two failures, plus one. */
export const MEMORY_FAIL_EVERY_MAX = 4;

export class MemoryPressure {
  private readonly failEvery: number;
  private readonly sqliteError: SqliteErrorClass;
  private statements = 0;
  private firedInOp = false;

  constructor(failEvery: number, sqliteError: SqliteErrorClass) {
    if (!Number.isSafeInteger(failEvery) || failEvery < 1 || failEvery > MEMORY_FAIL_EVERY_MAX) {
      throw new FaultOptionError('failEvery', failEvery, `an integer from 1 to ${MEMORY_FAIL_EVERY_MAX}`);
    }
    this.failEvery = failEvery;
    this.sqliteError = sqliteError;
    probe('fault.memory_pressure');
  }

  /** The beforeStatement hook: throws SQLITE_NOMEM on every failEvery-th statement. */
  readonly hook = (_info: unknown): void => {
    const index = this.statements;
    this.statements += 1;
    if ((index + 1) % this.failEvery !== 0) return;
    this.firedInOp = true;
    throw new this.sqliteError(`out of memory (simulated memory pressure, statement ${index})`, NOMEM_CODE);
  };

  /** Whether the hook failed a statement since the last call (the controller asks once per op). */
  takeFired(): boolean {
    const fired = this.firedInOp;
    this.firedInOp = false;
    return fired;
  }
}
