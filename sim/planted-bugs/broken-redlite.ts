/**
 * Deliberately broken redlites (planted bugs), which prove the simulator catches real bugs
 * (docs/architecture.md, principle 8): each factory returns `(path, options) => Redlite` whose
 * instance misbehaves in one surgical, documented way and is otherwise the real thing. They
 * reach in only through Redlite's protected seams (the command table and `commitAndBegin`)
 * and through its probe hook, which redlite calls from inside its rare paths.
 *
 * The tests and the shrink benchmark share them, which is why they live here rather than
 * under tests/ (bench/ does not import tests/). Nothing on the simulator's own run path may
 * import this folder; the import lint (tools/lint-imports.ts) holds it to that.
 */
import type { CommandHandler } from '../../redlite/command.ts';
import { VALUE_TABLES } from '../../redlite/commands/string-values.ts';
import { type Arg, integer, OK, Redlite, type RedliteOptions, type Reply } from '../../redlite/index.ts';
import { KeyType } from '../../redlite/schema.ts';

export type RedliteFactory = (path: string, options?: RedliteOptions) => Redlite;

/** A Redlite whose constructor lets a subclass rewrite its command table. */
class PatchedRedlite extends Redlite {
  constructor(path: string, options: RedliteOptions | undefined, patch: (self: PatchedRedlite) => void) {
    super(path, options);
    patch(this);
  }

  /** Replaces a command's handler; `original` is the real one. */
  wrap(name: string, make: (original: CommandHandler) => CommandHandler): void {
    const spec = this.commands.get(name);
    if (spec === undefined) throw new Error(`no command ${name} to break`);
    this.commands.set(name, { ...spec, handler: make(spec.handler) });
  }

  handlerOf(name: string): CommandHandler {
    const spec = this.commands.get(name);
    if (spec === undefined) throw new Error(`no command ${name}`);
    return spec.handler;
  }

  splitTransaction(): void {
    this.commitAndBegin();
  }
}

/**
 * MSET and multi-element LPUSH (and any other named command of the two) commit between
 * elements: one command becomes several transactions, so a crash in the middle leaves it
 * half applied. The replies are the real ones.
 */
export function splitTransactionRedlite(commands: readonly string[] = ['MSET', 'LPUSH']): RedliteFactory {
  return (path, options) =>
    new PatchedRedlite(path, options, (self) => {
      for (const name of commands) {
        const step = name === 'MSET' ? 2 : 1;
        const first = name === 'MSET' ? 1 : 2;
        self.wrap(name, (original) => (ks, argv) => {
          // A malformed call (MSET with a key but no value) goes whole to the real command, which
          // rejects it: the variant's one bug is the split, not a half-applied arity error.
          if (argv.length <= first + step || (argv.length - first) % step !== 0) return original(ks, argv);
          let reply: Reply = OK;
          for (let i = first; i < argv.length; i += step) {
            if (i > first) self.splitTransaction();
            reply = original(ks, [...argv.slice(0, first), ...argv.slice(i, i + step)]);
          }
          return reply;
        });
      }
    });
}

/** Write commands that change state. */
const WRITES = [
  'SET',
  'SETNX',
  'SETEX',
  'PSETEX',
  'GETDEL',
  'MSET',
  'INCR',
  'DECR',
  'INCRBY',
  'DECRBY',
  'INCRBYFLOAT',
  'APPEND',
  'SETRANGE',
  'DEL',
  'EXPIRE',
  'PEXPIRE',
  'EXPIREAT',
  'PEXPIREAT',
  'PERSIST',
  'RENAME',
  'RENAMENX',
  'LPUSH',
  'RPUSH',
  'LPUSHX',
  'RPUSHX',
  'LPOP',
  'RPOP',
  'LSET',
  'LINSERT',
  'LREM',
  'LTRIM',
  'HSET',
  'HMSET',
  'HSETNX',
  'HDEL',
  'HINCRBY',
  'HINCRBYFLOAT',
  'SADD',
  'SREM',
  'SPOP',
  'SMOVE',
  'ZADD',
  'ZINCRBY',
  'ZREM',
  'ZREMRANGEBYRANK',
  'ZREMRANGEBYSCORE',
  'ZPOPMIN',
  'ZPOPMAX',
];

/**
 * Every `n`th write command answers as if it succeeded, but its changes are rolled back
 * (inside a savepoint), so the store silently loses the write.
 */
export function dropEveryNthWriteRedlite(n = 50): RedliteFactory {
  return (path, options) => {
    let writes = 0;
    return new PatchedRedlite(path, options, (self) => {
      for (const name of WRITES) {
        self.wrap(name, (original) => (ks, argv) => {
          writes++;
          if (writes % n !== 0) return original(ks, argv);
          ks.sql.run('SAVEPOINT dropped_write');
          const reply = original(ks, argv);
          ks.sql.run('ROLLBACK TO dropped_write');
          ks.sql.run('RELEASE dropped_write');
          return reply;
        });
      }
    });
  };
}

/** INCR answers, and stores, one more than it should on keys whose name ends in '7'. */
export function incrOffByOneRedlite(): RedliteFactory {
  return (path, options) =>
    new PatchedRedlite(path, options, (self) => {
      self.wrap('INCR', (original) => (ks, argv) => {
        const key = argv[1]!;
        if (key[key.length - 1] !== 0x37) return original(ks, argv);
        const incrby = self.handlerOf('INCRBY');
        return incrby(ks, [Buffer.from('INCRBY'), key, Buffer.from('2')]);
      });
    });
}

/**
 * LSET writes the element at the neighbouring index (the next one, or the previous one at the
 * tail) and still answers OK: the corruption shows only at a later read.
 */
export function silentListCorruptionRedlite(): RedliteFactory {
  return (path, options) =>
    new PatchedRedlite(path, options, (self) => {
      self.wrap('LSET', (original) => (ks, argv) => {
        const length = self.handlerOf('LLEN')(ks, [Buffer.from('LLEN'), argv[1]!]);
        const index = Number(argv[2]!.toString());
        if (length.type !== 'integer' || !Number.isInteger(index)) return original(ks, argv);
        const size = Number(length.value);
        const normalised = index < 0 ? size + index : index;
        if (normalised < 0 || normalised >= size || size < 2) return original(ks, argv);
        const neighbour = normalised + 1 < size ? normalised + 1 : normalised - 1;
        return original(ks, [argv[0]!, argv[1]!, Buffer.from(String(neighbour)), argv[3]!]);
      });
    });
}

/**
 * ZADD without options keeps the old score of a member that already exists (the reply, which
 * counts only added members, is unchanged): the lost update shows at a later ZSCORE/ZRANGE.
 */
export function zaddLosesScoreRedlite(): RedliteFactory {
  return (path, options) =>
    new PatchedRedlite(path, options, (self) => {
      self.wrap('ZADD', (original) => (ks, argv) => {
        const plain =
          argv.length >= 4 &&
          argv.length % 2 === 0 &&
          argv.slice(2).every((_, i) => i % 2 === 1 || /^[-+0-9.e]+$/i.test(argv[2 + i]!.toString()));
        if (!plain) return original(ks, argv);
        const zscore = self.handlerOf('ZSCORE');
        const kept: Buffer[] = [argv[0]!, argv[1]!];
        for (let i = 2; i < argv.length; i += 2) {
          const current = zscore(ks, [Buffer.from('ZSCORE'), argv[1]!, argv[i + 1]!]);
          if (current.type === 'bulk' && current.value !== null) continue;
          kept.push(argv[i]!, argv[i + 1]!);
        }
        if (kept.length === 2) return integer(0);
        return original(ks, kept);
      });
    });
}

/** A Redlite that keeps a buffer per command forever; see leakingRedlite. */
class LeakingRedlite extends Redlite {
  private readonly retained: Buffer[] = [];
  private readonly bytesPerCommand: number;

  constructor(path: string, options: RedliteOptions | undefined, bytesPerCommand: number) {
    super(path, options);
    this.bytesPerCommand = bytesPerCommand;
  }

  override exec(argv: Arg[], db = 0): Reply {
    // Filled, not just allocated, so the pages are touched and count in RSS.
    this.retained.push(Buffer.alloc(this.bytesPerCommand, 1));
    return super.exec(argv, db);
  }
}

/**
 * Every command retains `bytesPerCommand` bytes that are never freed, and answers correctly:
 * a memory leak that only a soak's RSS trend can see.
 */
export function leakingRedlite(bytesPerCommand = 16 * 1024): RedliteFactory {
  return (path, options) => new LeakingRedlite(path, options, bytesPerCommand);
}

/**
 * SET over a list, set, hash or sorted set keeps the old type's value rows: the key becomes a
 * string and answers as one, but its old rows stay in their table. No reply shows them; only
 * the storage audit does (storage_consistent).
 */
export function typeChangeLeavesRowsRedlite(): RedliteFactory {
  return (path, options) =>
    new PatchedRedlite(path, options, (self) => {
      self.wrap('SET', (original) => (ks, argv) => {
        const before = ks.lookup(argv[1]!);
        const table = before === null ? undefined : VALUE_TABLES[before.type];
        if (before === null || table === undefined) return original(ks, argv);
        const rows = ks.sql.all<Record<string, unknown>>(
          `SELECT * FROM ${table} WHERE key_id = ?`,
          before.id,
        );
        const reply = original(ks, argv);
        const after = ks.lookup(argv[1]!);
        if (after?.id !== before.id || after.type !== KeyType.string) return reply;
        for (const row of rows) {
          const columns = Object.keys(row);
          ks.sql.run(
            `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
            ...(Object.values(row) as (number | Buffer)[]),
          );
        }
        return reply;
      });
    });
}

/**
 * A list renumbering commits its delete before it writes the rows back: at redlite's
 * `list_rebalance` probe, which fires between the two, the command's transaction is committed
 * and a new one begun. A crash before the reinserts commit leaves the list short of its rows.
 */
export function splitRebalanceRedlite(): RedliteFactory {
  return (path, options) => {
    let patched: PatchedRedlite | null = null;
    const hooks = options?.hooks;
    const split: RedliteOptions = {
      ...options,
      hooks: {
        ...hooks,
        probe: (name) => {
          if (name === 'list_rebalance') patched?.splitTransaction();
          hooks?.probe?.(name);
        },
      },
    };
    return new PatchedRedlite(path, split, (self) => {
      patched = self;
    });
  };
}
