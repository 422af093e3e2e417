/**
 * Planted races (docs/architecture.md, principle 8): redlites that are correct with one
 * process and wrong when another process runs between two of their statements. Each splits
 * one command's work across statements or transactions that the real redlite keeps together,
 * so only a world of several processes (sim/world/processes/) can catch it, through the
 * `linearizable` invariant. The replies are the real ones whenever no other process
 * intervenes. They leave out everything else: the rest of the command table is the real one.
 */
import type { CommandHandler } from '../../redlite/command.ts';
import { verifiedString } from '../../redlite/commands/string-values.ts';
import { type Arg, integer, NIL, Redlite, type RedliteOptions, type Reply } from '../../redlite/index.ts';
import { KeyType } from '../../redlite/schema.ts';
import type { RedliteFactory } from './broken-redlite.ts';

/** A Redlite whose constructor swaps command handlers, and may make a write command lazy. */
class RacyRedlite extends Redlite {
  constructor(path: string, options: RedliteOptions | undefined, patch: (self: RacyRedlite) => void) {
    super(path, options);
    patch(this);
  }

  /**
   * Replaces a command's handler. `write: false` drops the up-front BEGIN IMMEDIATE, so the
   * handler's reads run in autocommit and its first write opens the transaction, as the
   * read-only commands' lazy expiry does.
   */
  replace(name: string, write: boolean, make: (original: CommandHandler) => CommandHandler): void {
    const spec = this.commands.get(name);
    if (spec === undefined) throw new Error(`no command ${name} to break`);
    this.commands.set(name, { ...spec, write, handler: make(spec.handler) });
  }

  handlerOf(name: string): CommandHandler {
    const spec = this.commands.get(name);
    if (spec === undefined) throw new Error(`no command ${name}`);
    return spec.handler;
  }
}

const EXPIRY_SQL = 'SELECT expire_at FROM keys WHERE db = ? AND key = ?';
const DELETE_BY_NAME_SQL = 'DELETE FROM keys WHERE db = ? AND key = ?';

/**
 * GET finds an expired key in one autocommit read and deletes it in a second transaction, by
 * name rather than by row id: a SET from another process in between is deleted with it.
 */
export function lateExpiryDeleteRedlite(): RedliteFactory {
  return (path, options) =>
    new RacyRedlite(path, options, (self) => {
      self.replace('GET', false, (original) => (ks, argv) => {
        const key = argv[1] as Buffer;
        const row = ks.sql.get<{ expire_at: number | null }>(EXPIRY_SQL, ks.db, key);
        if (row === undefined || row.expire_at === null || !(row.expire_at < ks.nowMs))
          return original(ks, argv);
        ks.sql.run(DELETE_BY_NAME_SQL, ks.db, key);
        return NIL;
      });
    });
}

const VALUE_SQL = 'SELECT value, crc FROM strings WHERE key_id = ?';

/**
 * GET reads the key's row and then its value in two autocommit statements, where redlite reads
 * both in one: a DEL from another process in between leaves a key with no value, which GET
 * reports as a checksum error.
 */
export function splitReadRedlite(): RedliteFactory {
  return (path, options) =>
    new RacyRedlite(path, options, (self) => {
      self.replace('GET', false, () => (ks, argv) => {
        const meta = ks.lookupTyped(argv[1] as Buffer, KeyType.string);
        if (meta === null) return NIL;
        const row = ks.sql.get<{ value: Buffer; crc: number }>(VALUE_SQL, meta.id);
        return { type: 'bulk', value: verifiedString(meta, row?.value ?? null, row?.crc ?? null) };
      });
    });
}

const INTEGER_TEXT = /^(0|-?[1-9][0-9]{0,17})$/;

/**
 * INCR reads the value (GET, in autocommit) and then writes the sum (SET KEEPTTL, in its own
 * transaction): two INCRs from two processes can read the same value, and one increment is
 * lost. Values it cannot add simply go to the real INCR.
 */
export function incrReadThenWriteRedlite(): RedliteFactory {
  return (path, options) =>
    new RacyRedlite(path, options, (self) => {
      self.replace('INCR', false, (original) => (ks, argv) => {
        const key = argv[1] as Buffer;
        const current: Reply = self.handlerOf('GET')(ks, [Buffer.from('GET'), key]);
        if (current.type !== 'bulk') return original(ks, argv);
        const text = current.value === null ? '0' : current.value.toString('latin1');
        if (!INTEGER_TEXT.test(text)) return original(ks, argv);
        const next = BigInt(text) + 1n;
        const set: Arg[] = ['SET', key, next.toString(), 'KEEPTTL'];
        self.handlerOf('SET')(
          ks,
          set.map((arg) => (typeof arg === 'string' ? Buffer.from(arg) : arg)),
        );
        return integer(Number(next));
      });
    });
}
