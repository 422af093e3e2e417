/**
 * Deliberately broken connection handling (planted bugs), which prove the simulator's session
 * checkers catch real bugs (docs/architecture.md, principle 8). Each is otherwise the real
 * thing, broken in one documented way:
 * - an EXEC that commits each queued command separately (a crash inside it leaves a part);
 * - a WATCH that misses a key's deletion (DEL, a list popped empty, RENAME away, FLUSHDB);
 * - a blocked-pop service that serves the newest waiter first;
 * - a dropped connection that runs the first half of its open MULTI's queue.
 * The first is a Redlite (a target factory); the others are sessions factories. Nothing on a
 * real run's path imports this folder (tools/lint-imports.ts).
 */
import type { Clock } from '../../redlite/clock.ts';
import {
  type Arg,
  Redlite,
  type RedliteOptions,
  type Reply,
  type TransactionOptions,
  type TransactionResult,
} from '../../redlite/index.ts';
import type { KeyChange } from '../../redlite/key-changes.ts';
import { BlockedTable, type BlockedWait } from '../../redlite/server/BlockedTable.ts';
import { SessionHub } from '../../redlite/server/SessionHub.ts';
import { DirectSessions } from '../world/sessions/DirectSessions.ts';
import type { SessionsFactory, TargetOutcome } from '../world/sessions/target-sessions.ts';
import type { RedliteFactory } from './broken-redlite.ts';

/** A Redlite whose `transaction` commits after every command of the body but the last. */
class SplitExecRedlite extends Redlite {
  private splitting = false;
  private commandsRun = 0;

  constructor(path: string, options: RedliteOptions | undefined) {
    super(path, options);
  }

  override transaction<T>(body: () => T, options?: TransactionOptions): TransactionResult<T> {
    this.splitting = true;
    this.commandsRun = 0;
    try {
      return super.transaction(body, options);
    } finally {
      this.splitting = false;
    }
  }

  override exec(argv: Arg[], db = 0): Reply {
    if (this.splitting && this.commandsRun++ > 0) this.commitAndBegin();
    return super.exec(argv, db);
  }
}

/** EXEC commits each queued command as its own transaction; replies are the real ones. */
export function execCommitsEachRedlite(): RedliteFactory {
  return (path, options?: RedliteOptions) => new SplitExecRedlite(path, options);
}

function redliteOf(target: unknown): Redlite {
  if (!(target instanceof Redlite)) throw new Error('a planted session bug needs a Redlite target');
  return target;
}

/** A hub that never tells watchers of a deletion. */
class DeletionBlindHub extends SessionHub {
  override keyChanged(db: number, key: Buffer, change: KeyChange): void {
    if (change === 'deleted') return;
    super.keyChanged(db, key, change);
  }
}

/**
 * Redlite as the blind hub's sessions see it: a key that is gone reads as its last state seen,
 * so EXEC's version check misses the deletion too. Everything else is the real Redlite.
 */
function staleKeyStates(redlite: Redlite): Redlite {
  const seen = new Map<string, ReturnType<Redlite['keyState']>>();
  return new Proxy(redlite, {
    get(target, property, receiver) {
      if (property === 'keyState') {
        return (db: number, key: Arg) => {
          const slot = `${db}:${Buffer.from(key).toString('latin1')}`;
          const state = target.keyState(db, key);
          if (state === null) return seen.get(slot) ?? null;
          seen.set(slot, state);
          return state;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** WATCH misses deletions: an EXEC after a watched key was deleted still runs. */
export const watchMissesDeletionSessions: SessionsFactory = (target, clock: Clock) => {
  const redlite = staleKeyStates(redliteOf(target));
  return new DirectSessions(redlite, clock, new DeletionBlindHub(redlite, { clock }));
};

/** The waits on a key, newest first. */
class NewestFirstTable extends BlockedTable {
  override waitsOn(slot: string): BlockedWait[] {
    return super.waitsOn(slot).reverse();
  }
}

/** A hub that serves blocked clients newest first: BLPOP out of turn. */
export const newestWaiterFirstSessions: SessionsFactory = (target, clock: Clock) => {
  const redlite = redliteOf(target);
  const hub = new SessionHub(redlite, { clock });
  Object.defineProperty(hub, 'blocked', { value: new NewestFirstTable() });
  return new DirectSessions(redlite, clock, hub);
};

/** Sessions that, when a connection drops inside MULTI, run the first half of its queue. */
class HalfMultiOnDropSessions extends DirectSessions {
  private readonly queues = new Map<number, Arg[][]>();

  override exec(client: number, argv: readonly Arg[]): TargetOutcome {
    const name = String(argv[0]).toUpperCase();
    const outcome = super.exec(client, argv);
    if (name === 'MULTI') this.queues.set(client, []);
    else if (name === 'EXEC' || name === 'DISCARD') this.queues.delete(client);
    else if (outcome.kind === 'reply' && outcome.reply.type === 'simple' && outcome.reply.value === 'QUEUED')
      this.queues.get(client)?.push([...argv]);
    return outcome;
  }

  override drop(client: number): void {
    const queued = this.session(client).inMulti ? (this.queues.get(client) ?? []) : [];
    const db = this.session(client).db;
    for (const argv of queued.slice(0, Math.ceil(queued.length / 2))) this.hub.redlite.exec(argv, db);
    this.queues.delete(client);
    super.drop(client);
  }
}

export const halfMultiOnDropSessions: SessionsFactory = (target, clock: Clock) =>
  new HalfMultiOnDropSessions(redliteOf(target), clock);
