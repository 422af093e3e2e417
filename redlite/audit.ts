/**
 * The storage audit: redlite's own check of its files, as `redis-check-aof` and `PRAGMA
 * integrity_check` are part of their stores. Replies are not the only truth: a key whose type
 * changed can leave its old value rows behind, and no reply shows them. The audit reads every
 * row in one read transaction on redlite's own connection, so it sees one committed snapshot,
 * and it writes nothing, runs no hook and counts no statement: a host may call it between any
 * two commands without changing what they do.
 *
 * It checks SQLite's own verdict (`quick_check` or the slower `integrity_check`), every row's
 * checksum, each row on its own, each value row against its key row, and each index against its
 * table (audit-findings.ts lists the checks, audit-scan.ts and audit-indexes.ts run them). It
 * judges nothing over time: it returns each verified key's (db, key, id, version) and the id
 * sequence, so a host can check that versions never go back and ids are never reused.
 *
 * It never throws for what it finds. An SQLite error while reading a table becomes an
 * `unreadable` problem and the audit goes on with what it can still judge.
 */
import Database from 'better-sqlite3';
import { type AuditCheck, AuditFindings, type AuditProblem } from './audit-findings.ts';
import {
  checkExpireIndex,
  checkKeyIndex,
  checkZsetIndex,
  EXPIRE_INDEX_SQL,
  KEY_INDEX_SQL,
  ZSET_INDEX_SQL,
  ZSET_KEY_ENTRIES_SQL,
  ZSET_KEY_ROWS_SQL,
  ZsetFingerprints,
  type ZsetKeyReader,
  zsetRowFingerprint,
} from './audit-indexes.ts';
import {
  type AuditKey,
  checkOwnersHaveValues,
  KEYS_SCAN_SQL,
  type KeyEntry,
  scanKeys,
  scanValues,
  VALUE_TABLES,
} from './audit-scan.ts';
import { RedliteOptionError } from './errors.ts';
import { KeyType } from './schema.ts';

export type { AuditCheck, AuditKey, AuditProblem };

/** 'quick' runs PRAGMA quick_check, which skips comparing indexes with tables; 'full' runs integrity_check. */
export type AuditIntegrity = 'quick' | 'full';

export interface AuditOptions {
  /** SQLite's check to run: 'quick' (default) or 'full'. */
  readonly integrity?: AuditIntegrity;
  /** Offending rows described per problem, at most (counts stay exact). Default 10. */
  readonly examplesMax?: number;
}

export interface AuditReport {
  readonly integrity: AuditIntegrity;
  /** Empty when every check passed. */
  readonly problems: readonly AuditProblem[];
  /** Every keys row whose checksum verifies, in table order. */
  readonly keys: readonly AuditKey[];
  /** The AUTOINCREMENT sequence of key ids (null: none yet, or unreadable). */
  readonly keySequence: number | null;
  /** The most value rows any one key has, per aggregate type (0 when none, or unreadable). */
  readonly elementsMax: Readonly<Record<'list' | 'set' | 'hash' | 'zset', number>>;
}

const EXAMPLES_MAX_DEFAULT = 10;
/** SQLite stops its check after this many messages; a report needs no more. */
const INTEGRITY_MESSAGES_MAX = 100;
const SEQUENCE_SQL = "SELECT seq FROM sqlite_sequence WHERE name = 'keys'";

type Statement = Database.Statement<unknown[], unknown>;

export class StoreAuditor {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  run(options: AuditOptions = {}): AuditReport {
    const integrity = options.integrity ?? 'quick';
    if (integrity !== 'quick' && integrity !== 'full')
      throw new RedliteOptionError('audit integrity', integrity, "'quick' or 'full'");
    const examplesMax = options.examplesMax ?? EXAMPLES_MAX_DEFAULT;
    if (!Number.isSafeInteger(examplesMax) || examplesMax < 0)
      throw new RedliteOptionError('audit examplesMax', examplesMax, 'an integer >= 0');
    if (this.db.inTransaction)
      throw new RedliteOptionError('audit', 'inside a transaction', 'called between commands');
    const findings = new AuditFindings(examplesMax);
    // Deferred: the first read takes the snapshot that every later read of the audit shares.
    this.db.exec('BEGIN');
    try {
      return this.audit(integrity, findings);
    } finally {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
  }

  private audit(integrity: AuditIntegrity, findings: AuditFindings): AuditReport {
    const pragma = `PRAGMA ${integrity === 'full' ? 'integrity_check' : 'quick_check'}(${INTEGRITY_MESSAGES_MAX})`;
    const messages = this.read(findings, 'integrity check', () => this.statement(pragma).pluck().all());
    for (const message of messages ?? [])
      if (message !== 'ok') findings.add('integrity', () => String(message));
    const sequenceRow = this.read(findings, 'sqlite_sequence', () => ({
      seq: this.statement(SEQUENCE_SQL).pluck().get(),
    }));
    const sequence = typeof sequenceRow?.seq === 'number' ? sequenceRow.seq : null;
    const scanned = this.read(findings, 'keys', () =>
      scanKeys(this.statement(KEYS_SCAN_SQL).raw(true), findings),
    );
    const entries = scanned?.entries ?? null;
    const counts = new Map<number, Map<number, number>>();
    const zsetRows = new ZsetFingerprints();
    const fingerprint = (row: readonly unknown[], verified: boolean): void => {
      const crc = zsetRowFingerprint(row, verified);
      if (crc !== null) zsetRows.add(row[0] as number, crc);
    };
    for (const table of VALUE_TABLES) {
      const keep = table.type === KeyType.zset ? fingerprint : undefined;
      const perKey = this.read(findings, table.name, () =>
        scanValues(table, this.statement(table.sql).raw(true), entries, findings, keep),
      );
      if (perKey !== undefined) counts.set(table.type, perKey);
    }
    if (counts.has(KeyType.zset))
      this.read(findings, 'zsets_by_score', () =>
        checkZsetIndex(this.statement(ZSET_INDEX_SQL).raw(true), zsetRows, this.zsetKeyReader(), findings),
      );
    if (entries !== null) {
      checkOwnersHaveValues(entries, counts, findings);
      this.read(findings, 'keys index', () =>
        checkKeyIndex(this.statement(KEY_INDEX_SQL).raw(true), entries, findings),
      );
      this.read(findings, 'keys_by_expire_at', () =>
        checkExpireIndex(this.statement(EXPIRE_INDEX_SQL).raw(true), entries, findings),
      );
      if (sequenceRow !== undefined) checkKeySequence(entries, sequence, findings);
    }
    return {
      integrity,
      problems: findings.problems(),
      keys: scanned?.keys ?? [],
      keySequence: sequence,
      elementsMax: {
        list: largest(counts.get(KeyType.list)),
        set: largest(counts.get(KeyType.set)),
        hash: largest(counts.get(KeyType.hash)),
        zset: largest(counts.get(KeyType.zset)),
      },
    };
  }

  /** One sorted set's index entries and rows, read again only when the two disagree. */
  private zsetKeyReader(): ZsetKeyReader {
    return {
      entries: (keyId) => this.statement(ZSET_KEY_ENTRIES_SQL).raw(true).all(keyId) as unknown[][],
      rows: (keyId) => this.statement(ZSET_KEY_ROWS_SQL).raw(true).all(keyId) as unknown[][],
    };
  }

  /** Runs one read; an SQLite error becomes an `unreadable` problem and undefined. */
  private read<T>(findings: AuditFindings, what: string, body: () => T): T | undefined {
    try {
      return body();
    } catch (caught) {
      if (!(caught instanceof Database.SqliteError)) throw caught;
      findings.add('unreadable', () => `${what}: ${caught.code} ${caught.message}`);
      return undefined;
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** AUTOINCREMENT hands out ids above its sequence and raises it: no live id is above it. */
function checkKeySequence(
  entries: ReadonlyMap<number, KeyEntry>,
  sequence: number | null,
  findings: AuditFindings,
): void {
  for (const entry of entries.values()) {
    if (sequence !== null && entry.id <= sequence) continue;
    findings.add('key_id_sequence', () => `keys row id=${entry.id}: above the sequence ${String(sequence)}`);
  }
}

function largest(perKey: ReadonlyMap<number, number> | undefined): number {
  let most = 0;
  for (const count of perKey?.values() ?? []) if (count > most) most = count;
  return most;
}
