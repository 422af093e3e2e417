/**
 * Key change notifications: what each committed command did to which keys, in the order it did
 * it, for a host that keeps per-connection state over one Redlite (WATCH, blocked list pops; see
 * redlite/server). Changes are buffered while a command runs and handed over only once its
 * transaction commits: a command that fails, or one rolled back to its savepoint inside a
 * transaction batch, reports nothing, because nothing it did survives.
 *
 * Leaves out changes made through other handles on the same file: a host sees those only through
 * key versions (`Redlite.keyState`).
 */

/**
 * - `created`: a keys row now exists where none did (a write to a missing key, the target of a
 *   RENAME). Redis calls this `dbAdd`, the moment a key can wake a blocked pop.
 * - `changed`: an existing key was written (its version went up).
 * - `deleted`: the row is gone: DEL, a pop that emptied it, expiry (lazy or active), FLUSHDB,
 *   the source of a RENAME.
 */
export type KeyChange = 'created' | 'changed' | 'deleted';

export interface KeyChangeListener {
  keyChanged(db: number, key: Buffer, change: KeyChange): void;
}

/**
 * One transaction's changes, in order. Its size is bounded by the rows the transaction writes,
 * which SQLite holds anyway; `truncate` drops a rolled-back command's tail.
 */
export class KeyChangeLog {
  private readonly dbs: number[] = [];
  private readonly keys: Buffer[] = [];
  private readonly changes: KeyChange[] = [];

  get size(): number {
    return this.changes.length;
  }

  record(db: number, key: Buffer, change: KeyChange): void {
    this.dbs.push(db);
    this.keys.push(key);
    this.changes.push(change);
  }

  /** Forgets everything recorded after the first `size` changes. */
  truncate(size: number): void {
    this.dbs.length = size;
    this.keys.length = size;
    this.changes.length = size;
  }

  /** Empties the log first, then tells the listener, so a throwing listener loses nothing twice. */
  deliver(listener: KeyChangeListener): void {
    const dbs = this.dbs.splice(0);
    const keys = this.keys.splice(0);
    const changes = this.changes.splice(0);
    for (let i = 0; i < changes.length; i++) listener.keyChanged(dbs[i]!, keys[i]!, changes[i]!);
  }
}
