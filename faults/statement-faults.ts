/**
 * Faults raised at redlite's statement boundary, through its `beforeStatement` hook:
 * - an I/O error: an SQLite error with code SQLITE_IOERR, which redlite treats like any SQLite
 *   failure (it rolls the transaction back and answers an error), as it would on a real EIO;
 * - a crash between two statements of one command: a SimulatedCrash, which is not an SQLite
 *   error, so redlite runs no more SQL and the world turns it into a process crash.
 *
 * faults/ may not import better-sqlite3 itself, so the caller passes its SqliteError class;
 * redlite recognises SQLite errors by that class, and using the caller's keeps them the same.
 */
import type Database from 'better-sqlite3';
import { FaultOptionError, SimulatedCrash } from './errors.ts';
import { probe } from './probe.ts';

export type SqliteErrorClass = Database.SqliteError;

export type StatementFaultKind = 'io_error' | 'crash';

export interface StatementFaultPlan {
  readonly kind: StatementFaultKind;
  /** How many statements run untouched before the fault fires at the next one. */
  readonly statementsBefore: number;
}

/** A beforeStatement hook that fires its fault once and is inert before and after. */
export type StatementHook = (info: unknown) => void;

export interface StatementFaultHook {
  readonly hook: StatementHook;
  /** Whether the fault has fired. */
  fired(): boolean;
}

export const IO_ERROR_CODE = 'SQLITE_IOERR';

export function makeStatementFaultHook(
  plan: StatementFaultPlan,
  sqliteError: SqliteErrorClass,
): StatementFaultHook {
  if (!Number.isSafeInteger(plan.statementsBefore) || plan.statementsBefore < 0) {
    throw new FaultOptionError('statementsBefore', plan.statementsBefore, 'an integer >= 0');
  }
  if (plan.kind !== 'io_error' && plan.kind !== 'crash') {
    throw new FaultOptionError('kind', plan.kind, "'io_error' or 'crash'");
  }
  let seen = 0;
  let done = false;
  const hook: StatementHook = () => {
    if (done) return;
    const index = seen;
    seen += 1;
    if (index < plan.statementsBefore) return;
    done = true;
    if (plan.kind === 'crash') {
      probe('fault.crash_mid_command');
      throw new SimulatedCrash(index);
    }
    probe('fault.io_error');
    throw new sqliteError(`disk I/O error (simulated, before statement ${index})`, IO_ERROR_CODE);
  };
  return { hook, fired: () => done };
}

/** An I/O error at the statement after `statementsBefore` untouched ones. */
export function makeIoErrorHook(statementsBefore: number, sqliteError: SqliteErrorClass): StatementFaultHook {
  return makeStatementFaultHook({ kind: 'io_error', statementsBefore }, sqliteError);
}

/** A crash at the statement after `statementsBefore` untouched ones. */
export function makeCrashHook(statementsBefore: number, sqliteError: SqliteErrorClass): StatementFaultHook {
  return makeStatementFaultHook({ kind: 'crash', statementsBefore }, sqliteError);
}
