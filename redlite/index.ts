/** redlite's public surface: the store, its options, errors, audit and probes, and the replies. */
export type { AuditIntegrity, AuditKey, AuditOptions, AuditReport } from './audit.ts';
export type { AuditCheck, AuditProblem } from './audit-findings.ts';
export { AUDIT_CHECKS } from './audit-findings.ts';
export type { Clock } from './clock.ts';
export {
  ChecksumMismatchError,
  RedliteOpenError,
  RedliteOptionError,
  ReplyError,
} from './errors.ts';
export { DATABASE_COUNT } from './Keyspace.ts';
export type { KeyChange, KeyChangeListener } from './key-changes.ts';
export type { OpenCheckOutcome } from './open-check.ts';
export { RedliteCorruptError } from './open-check.ts';
export type { RedliteHooks, RedliteOptions, StatementInfo } from './options.ts';
export { MID_TRANSACTION_PROBES, REDLITE_PROBES, type RedliteProbe } from './probes.ts';
export type { CommandInfo, KeyState, TransactionOptions, TransactionResult } from './Redlite.ts';
export { isSqliteError, Redlite } from './Redlite.ts';
export type { Arg, Reply } from './reply.ts';
export { argBytes, array, bulk, error, integer, NIL, NIL_ARRAY, OK, simple } from './reply.ts';
export { encodeResp2 } from './resp.ts';
export { systemClock } from './system-clock.ts';
