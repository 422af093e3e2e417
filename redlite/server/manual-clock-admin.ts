/**
 * The DEBUG commands of `redlite-server --clock manual`, which a simulator uses to drive the
 * server in its virtual time and to see what a client cannot: the server answers them itself,
 * before any session sees them, and only in that mode (with the wall clock, DEBUG is an unknown
 * command, as redlite has no DEBUG of its own).
 *
 * - `DEBUG SET-TIME <ms>`: moves the clock; blocked clients whose deadline it passes time out
 *   before the reply, their replies written first.
 * - `DEBUG EXPIRE-CYCLE <keys>`: one active-expiry run, at most `keys` deleted; replies the count.
 *   Under a manual clock nothing runs it on a period (ManualClock.ts).
 * - `DEBUG CHECKPOINT`: one WAL checkpoint.
 * - `DEBUG AUDIT quick|full <examples>`: redlite's storage audit, as JSON.
 * - `DEBUG SESSION <id>`: `blocked`, `idle` or `gone`: whether the client with that CLIENT ID is
 *   waiting in a blocking pop, connected, or closed (as far as the server has seen).
 * - `DEBUG SERVED`: the CLIENT IDs whose waits ended since the last call, in the order their
 *   replies were delivered, then forgets them.
 *
 * Leaves out the clock itself (ManualClock.ts) and the command line (bin/redlite-server.ts).
 */
import type { AuditIntegrity } from '../audit.ts';
import { parseLongLong } from '../parse/integers.ts';
import type { Redlite } from '../Redlite.ts';
import { array, bulk, error, integer, OK, type Reply, simple } from '../reply.ts';
import type { ManualClock } from './ManualClock.ts';
import type { Session } from './Session.ts';

/** What the server lets its admin commands see. */
export interface AdminView {
  sessionWithId(id: number): Session | undefined;
}

/** Commands the server answers itself, ahead of the sessions. */
export interface AdminCommands {
  /** The reply to a command the host answers itself, or null to leave it to the session. */
  reply(argv: readonly Buffer[], server: AdminView): Reply | null;
  /** A blocked session's wait ended (served or timed out): its reply is being delivered. */
  served(session: Session): void;
}

/** Waits ended and not yet asked about, at most; a host that never asks loses the later ones. */
const SERVED_MAX = 100_000;

const USAGE =
  'ERR DEBUG under --clock manual: SET-TIME <ms> | EXPIRE-CYCLE <keys> | CHECKPOINT | AUDIT quick|full <examples> | SESSION <id> | SERVED';

function count(arg: Buffer | undefined): number | null {
  if (arg === undefined) return null;
  const value = parseLongLong(arg);
  if (value === null || value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(value);
}

function integrityOf(arg: Buffer | undefined): AuditIntegrity | null {
  const text = arg?.toString('latin1').toLowerCase();
  return text === 'quick' || text === 'full' ? text : null;
}

export class ManualClockAdmin implements AdminCommands {
  private readonly clock: ManualClock;
  private readonly redlite: Redlite;
  private servedIds: number[] = [];

  constructor(clock: ManualClock, redlite: Redlite) {
    this.clock = clock;
    this.redlite = redlite;
  }

  reply(argv: readonly Buffer[], server: AdminView): Reply | null {
    if (argv[0]?.toString('latin1').toUpperCase() !== 'DEBUG') return null;
    const sub = argv[1]?.toString('latin1').toUpperCase();
    const arg = count(argv[2]);
    switch (sub) {
      case 'SET-TIME':
        if (argv.length !== 3 || arg === null) return error(USAGE);
        if (arg < this.clock.now()) return error(`ERR time ${arg} is before the clock's ${this.clock.now()}`);
        this.clock.set(arg);
        return OK;
      case 'EXPIRE-CYCLE':
        if (argv.length !== 3 || arg === null || arg < 1) return error(USAGE);
        return integer(this.redlite.expireCycle(arg));
      case 'CHECKPOINT':
        if (argv.length !== 2) return error(USAGE);
        this.redlite.checkpoint();
        return OK;
      case 'AUDIT': {
        const integrity = integrityOf(argv[2]);
        const examplesMax = count(argv[3]);
        if (argv.length !== 4 || integrity === null || examplesMax === null) return error(USAGE);
        return bulk(JSON.stringify(this.redlite.audit({ integrity, examplesMax })));
      }
      case 'SESSION': {
        if (argv.length !== 3 || arg === null) return error(USAGE);
        const session = server.sessionWithId(arg);
        if (session === undefined || session.isClosed) return simple('gone');
        return simple(session.isBlocked ? 'blocked' : 'idle');
      }
      case 'SERVED': {
        if (argv.length !== 2) return error(USAGE);
        const ids = this.servedIds;
        this.servedIds = [];
        return array(ids.map((id) => integer(id)));
      }
      default:
        return error(USAGE);
    }
  }

  served(session: Session): void {
    // Past the bound the log stops growing; the host, which knows whom it saw blocked, then
    // finds a wait missing rather than the server's memory growing without end.
    if (this.servedIds.length < SERVED_MAX) this.servedIds.push(session.id);
  }
}
