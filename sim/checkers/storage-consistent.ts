/**
 * storage_consistent: redlite's stored data is sound apart from what its replies show. The
 * world runs redlite's own audit (`Redlite.audit`, redlite/audit.ts) after every passing state
 * check (quick_check), after every restart and at the end of a world (integrity_check), and
 * this checker judges the report:
 * - SQLite's check is clean, every row's checksum verifies, no table is unreadable;
 * - each row on its own is one redlite writes (a known type and flags, a version of at least 1,
 *   an integral list position within bounds);
 * - rows agree with each other: each value row belongs to a key of its type, no aggregate key
 *   is empty, each string key has its value, list rows are in position order, each index holds
 *   exactly its table's rows, no key id is above the AUTOINCREMENT sequence;
 * - over time: a key id seen at the previous audit never has a lower version, a new id is above
 *   the previous audit's sequence (ids are never reused), and the sequence never goes back.
 *
 * Corruption changes what can be judged. Once the corruption ledger says a fault may have
 * damaged the files, rotted bytes explain SQLite's complaints, failed checksums and unreadable
 * tables, and so do relations between rows: a flipped bit can hide or duplicate a row without
 * SQLite noticing, and a misplaced or stale sector can put an older, still valid page beside
 * newer ones (an old list page under a key that has since become a string). Those findings are
 * then excused (probe `sim.audit_corruption_excused`), and so are versions that went back. What
 * stays judged is each single row whose checksum verifies: the checksum covers the row's whole
 * content, so such a row is one redlite wrote, old or not, and no damage turns it into a row
 * redlite never writes.
 *
 * Versions are not compared across a restart that may lose commits (a power loss under normal
 * durability, a WAL cut short by rot, misplaced sectors): the fault driver says so, and that
 * audit starts a new baseline. It leaves out what replies show (the model's checkers) and which
 * states a recovery may reach (crash_recovery_consistent, wal_durability).
 */
import type { AuditCheck, AuditProblem, AuditReport } from '../../redlite/index.ts';

export const STORAGE_CONSISTENT = 'storage_consistent';

/** Checks of single rows that verified their checksum: judged even after corruption. */
const ROW_CHECKS: ReadonlySet<AuditCheck> = new Set(['key_row_invalid', 'list_position_invalid']);

/** Examples per problem in a failure message, and problems named before the rest is counted. */
export const AUDIT_EXAMPLES_MAX = 5;
const PROBLEMS_SHOWN_MAX = 3;

export interface AuditMoment {
  /** When the audit ran, for the message: "at a state check", "after a crash", ... */
  readonly what: string;
  /** A fault may have damaged the files (the corruption ledger). */
  readonly corruptionPossible: boolean;
  /** The restart before this audit may have lost commits: compare no versions, start afresh. */
  readonly versionsMayGoBack: boolean;
}

export interface AuditVerdict {
  /** The failure message, or null when the store passed. */
  readonly failure: string | null;
  /** Problems that corruption explained, left unjudged. */
  readonly excused: number;
  /** Whether versions were compared with a previous audit. */
  readonly versionsCompared: boolean;
}

/** The previous audit's keys and sequence, which versions and ids are compared against. */
export class StorageAuditTrail {
  private versions: Map<number, { readonly version: number; readonly key: Buffer }> | null = null;
  private sequence: number | null = null;

  judge(report: AuditReport, moment: AuditMoment): AuditVerdict {
    const judged: AuditProblem[] = [];
    let excused = 0;
    for (const problem of report.problems) {
      if (moment.corruptionPossible && !ROW_CHECKS.has(problem.check)) excused += problem.count;
      else judged.push(problem);
    }
    const compare = this.versions !== null && !moment.versionsMayGoBack && !moment.corruptionPossible;
    const regressions = compare ? this.regressions(report) : [];
    this.versions = new Map(report.keys.map((key) => [key.id, { version: key.version, key: key.key }]));
    this.sequence = report.keySequence;
    const failure =
      judged.length === 0 && regressions.length === 0 ? null : describe(moment.what, judged, regressions);
    return { failure, excused, versionsCompared: compare };
  }

  /** Versions that went back, reused ids and a sequence that fell, in words. */
  private regressions(report: AuditReport): string[] {
    const found: string[] = [];
    const before = this.versions as ReadonlyMap<number, { version: number; key: Buffer }>;
    for (const key of report.keys) {
      const earlier = before.get(key.id);
      if (earlier !== undefined && key.version < earlier.version) {
        found.push(
          `key ${quoted(key.key)} (id ${key.id}) has version ${key.version}, down from ${earlier.version}`,
        );
      } else if (earlier === undefined && this.sequence !== null && key.id <= this.sequence) {
        found.push(
          `key ${quoted(key.key)} has id ${key.id}, handed out before (sequence was ${this.sequence})`,
        );
      }
    }
    if (this.sequence !== null && (report.keySequence ?? 0) < this.sequence)
      found.push(`the key id sequence fell from ${this.sequence} to ${String(report.keySequence)}`);
    return found;
  }
}

function describe(what: string, problems: readonly AuditProblem[], regressions: readonly string[]): string {
  const parts = problems
    .slice(0, PROBLEMS_SHOWN_MAX)
    .map((problem) => `${problem.check} in ${problem.count} row(s): ${problem.examples.join('; ')}`);
  if (problems.length > PROBLEMS_SHOWN_MAX)
    parts.push(`and ${problems.length - PROBLEMS_SHOWN_MAX} more checks`);
  if (regressions.length > 0) {
    const shown = regressions.slice(0, AUDIT_EXAMPLES_MAX).join('; ');
    parts.push(`versions since the previous audit (${regressions.length}): ${shown}`);
  }
  return `storage audit ${what}: ${parts.join(' | ')}`;
}

function quoted(key: Buffer): string {
  return `'${key.toString('latin1')}'`;
}
