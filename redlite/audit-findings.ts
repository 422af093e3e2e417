/**
 * What a storage audit found: per check, an exact count of offending rows and the first few of
 * them in words, so a report names real rows without growing with the damage. The checks and
 * their meaning are listed here; the scans that feed them live in audit-scan.ts.
 */

/**
 * The audit's checks, in the order a report lists them. Three groups, which a host may weigh
 * differently once it knows its files may be damaged:
 * - SQLite's own verdict and redlite's checksums: `integrity`, `checksum`, `unreadable`;
 * - one row on its own, judged only on rows whose checksum verifies (so redlite wrote them
 *   as they are): `key_row_invalid`, `list_position_invalid`;
 * - rows against each other: everything else.
 */
export const AUDIT_CHECKS = [
  /** PRAGMA quick_check or integrity_check reported a problem. */
  'integrity',
  /** A stored row's checksum does not match its contents. */
  'checksum',
  /** A table or index could not be read: SQLite answered an error. */
  'unreadable',
  /** A keys row holds a value redlite never writes: an unknown type or flag, a version below 1. */
  'key_row_invalid',
  /** A list row's position is not an integer within the position bounds. */
  'list_position_invalid',
  /** A value row whose key row is missing or of another type. */
  'value_row_orphaned',
  /** A list, set, hash or sorted-set key with no value rows (redlite deletes emptied keys). */
  'aggregate_empty',
  /** A string key without its value row. */
  'string_value_missing',
  /** List rows out of (key, position) order in their own table, or two at one position. */
  'list_position_order',
  /** An index and its table disagree: an entry without its row, a row without its entry, or an index out of order. */
  'index_mismatch',
  /** A key id above the AUTOINCREMENT sequence, which every id ever handed out stays at or below. */
  'key_id_sequence',
] as const;

export type AuditCheck = (typeof AUDIT_CHECKS)[number];

export interface AuditProblem {
  readonly check: AuditCheck;
  /** Offending rows (for `integrity`: messages, as many as SQLite gave). */
  readonly count: number;
  /** The first of them in words, at most the audit's `examplesMax`. */
  readonly examples: readonly string[];
}

export class AuditFindings {
  private readonly found = new Map<AuditCheck, { count: number; examples: string[] }>();
  private readonly examplesMax: number;

  constructor(examplesMax: number) {
    this.examplesMax = examplesMax;
  }

  /** Counts one offending row; `describe` is called only while examples are still wanted. */
  add(check: AuditCheck, describe: () => string): void {
    let entry = this.found.get(check);
    if (entry === undefined) {
      entry = { count: 0, examples: [] };
      this.found.set(check, entry);
    }
    entry.count++;
    if (entry.examples.length < this.examplesMax) entry.examples.push(describe());
  }

  problems(): AuditProblem[] {
    return AUDIT_CHECKS.flatMap((check) => {
      const entry = this.found.get(check);
      return entry === undefined ? [] : [{ check, count: entry.count, examples: entry.examples }];
    });
  }
}

const KEY_CHARS_MAX = 40;

/** A key name for a report: printable ASCII as is, other bytes as \xHH, long names cut short. */
export function describeKey(key: unknown): string {
  if (!Buffer.isBuffer(key)) return `<${typeof key}>`;
  let out = '';
  for (const byte of key.subarray(0, KEY_CHARS_MAX)) {
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `'${out}${key.length > KEY_CHARS_MAX ? '...' : ''}'`;
}
