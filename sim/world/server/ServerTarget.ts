/**
 * ServerTarget: the world's target as a bin/redlite-server process that the world started on a
 * free loopback port, on the world's database path, under `--clock manual`: the server's clock
 * is the world's virtual clock, set (`DEBUG SET-TIME`) in front of any request sent after the
 * clock moved, on the same connection, so the request runs at the time it would run in
 * process. The world's own calls (state dumps, active expiry, checkpoints, the storage audit)
 * go over a control connection; each simulated client gets a connection of its own
 * (ServerSessions.ts). `--target server`.
 *
 * A process restart (a crash's copy of the files, the liveness restart) abandons the old
 * process with SIGKILL, as a crash would, and starts a new one on the new path; `close` stops
 * the server gracefully (SIGTERM), which closes the store as redlite's own close does.
 *
 * Leaves out the sockets and the process handling (ServerLink.ts, socket-thread.ts), and any
 * hook into the server's storage: the simulated disk, its faults and redlite's probes stay in
 * the simulator's process (sim/config/draw-config.ts refuses fault kinds that need them).
 */
import { fileURLToPath } from 'node:url';
import type { AuditOptions, AuditReport } from '../../../redlite/audit.ts';
import type { Clock } from '../../../redlite/clock.ts';
import type { Arg, Reply } from '../../../redlite/reply.ts';
import { encodeRequest, ReplyReader } from '../sessions/resp-wire.ts';
import type { TargetOptions, WorldTarget } from '../target.ts';
import { ServerLink, ServerLinkError, type Started } from './ServerLink.ts';

/** bin/redlite-server, found beside this file rather than on PATH, so the build under test runs. */
const SERVER_PATH = fileURLToPath(new URL('../../../bin/redlite-server', import.meta.url));

/** A reply the world's own requests do not expect: the server or the simulator is wrong. */
export class ServerReplyError extends Error {
  constructor(request: string, reply: Reply) {
    super(`redlite-server answered ${request} with ${JSON.stringify(replyText(reply))}`);
    this.name = 'ServerReplyError';
  }
}

function replyText(reply: Reply): string {
  if (reply.type === 'bulk') return reply.value === null ? '(nil)' : reply.value.toString('latin1');
  if (reply.type === 'array')
    return reply.value === null ? '(nil array)' : `(array of ${reply.value.length})`;
  return String(reply.value);
}

/** JSON.parse's reviver for the audit's key names, which JSON carries as Buffer's own toJSON form. */
function reviveBuffers(_name: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const candidate = value as { type?: unknown; data?: unknown };
  return candidate.type === 'Buffer' && Array.isArray(candidate.data) ? Buffer.from(candidate.data) : value;
}

/** The command line that starts the server for a world with these options. */
export function serverArgs(dbPath: string, options: TargetOptions): string[] {
  return [
    '--port',
    '0',
    '--bind',
    '127.0.0.1',
    '--db',
    dbPath,
    '--synchronous',
    options.synchronous,
    '--clock',
    'manual',
    '--exit-with-stdin',
    '--wal-checkpoint-pages',
    String(options.walCheckpointPages),
    ...(options.listPositionGap === undefined
      ? []
      : ['--list-position-gap', String(options.listPositionGap)]),
    ...(options.expireSampleKeys === undefined
      ? []
      : ['--expire-sample-keys', String(options.expireSampleKeys)]),
  ];
}

/** The replies of one exchange, and whether the last request left its client blocked. */
export interface Exchanged {
  readonly replies: Reply[];
  readonly parked: boolean;
}

export class ServerTarget implements WorldTarget {
  private readonly link: ServerLink;
  private readonly started: Started;
  private readonly clock: Clock;
  /** The time the server's clock was last set to; null before the first request. */
  private sentMs: number | null = null;
  /** The database the control connection has selected. */
  private controlDb = 0;
  private nextSocket = 1;

  private constructor(link: ServerLink, started: Started, clock: Clock) {
    this.link = link;
    this.started = started;
    this.clock = clock;
  }

  static start(dbPath: string, options: TargetOptions): ServerTarget {
    const { link, started } = ServerLink.start(SERVER_PATH, serverArgs(dbPath, options));
    return new ServerTarget(link, started, options.clock);
  }

  /** The server's process id (for tests that check it is gone). */
  get pid(): number {
    return this.started.pid;
  }

  /** Opens a client connection: its socket number here and its CLIENT ID on the server. */
  openClient(): { socket: number; session: number } {
    const socket = this.nextSocket++;
    return { socket, session: this.link.open(this.started.host, this.started.port, socket) };
  }

  /**
   * Sends `commands` on `socket` in one write, the clock set first if it moved (`atMs`, the
   * world's clock by default), and returns their replies. With `park`, the last command may
   * leave that session blocked: then it has no reply, and `parked` is true.
   */
  exchange(socket: number, commands: readonly (readonly Arg[])[], park?: number, atMs?: number): Exchanged {
    const nowMs = atMs ?? this.clock.now();
    const setTime = this.sentMs !== nowMs;
    const requests = setTime ? [['DEBUG', 'SET-TIME', String(nowMs)], ...commands] : commands;
    const bytes = Buffer.concat(requests.map((argv) => encodeRequest(argv)));
    const sent = this.link.send(socket, bytes, requests.length, park);
    const reader = new ReplyReader();
    reader.feed(sent.bytes);
    const replies = reader.drain();
    if (setTime) {
      const reply = replies.shift();
      if (reply?.type !== 'simple')
        throw new ServerReplyError(`DEBUG SET-TIME ${nowMs}`, reply ?? { type: 'bulk', value: null });
      this.sentMs = nowMs;
    }
    const expected = commands.length - (sent.parked ? 1 : 0);
    if (replies.length !== expected || reader.pendingBytes > 0)
      throw new ServerLinkError('send', `${replies.length} replies to ${expected} requests`);
    return { replies, parked: sent.parked };
  }

  /** One reply from each socket, in order: the wake-ups of blocked clients. */
  wakeups(sockets: readonly number[]): Reply[] {
    return this.link.read(sockets).map((bytes, i) => {
      const reader = new ReplyReader();
      reader.feed(bytes);
      const [reply, ...rest] = reader.drain();
      if (reply === undefined || rest.length > 0)
        throw new ServerLinkError('read', `socket ${sockets[i]}: not exactly one reply`);
      return reply;
    });
  }

  /** Closes a client connection, with `partial` request bytes sent first, and waits until the server forgot it. */
  closeClient(socket: number, session: number, partial: Buffer | null): void {
    this.link.close(socket, session, partial);
  }

  exec(argv: Arg[], db = 0): Reply {
    const select = db !== this.controlDb;
    const { replies } = this.exchange(0, select ? [['SELECT', String(db)], argv] : [argv]);
    if (select) {
      const selected = replies.shift()!;
      if (selected.type !== 'simple') throw new ServerReplyError(`SELECT ${db}`, selected);
      this.controlDb = db;
    }
    return replies[0]!;
  }

  /** An admin command on the control connection, which must not answer an error. */
  admin(argv: readonly string[]): Reply {
    const reply = this.exec([...argv], this.controlDb);
    if (reply.type === 'error') throw new ServerReplyError(argv.join(' '), reply);
    return reply;
  }

  expireCycle(limit: number): number {
    const reply = this.admin(['DEBUG', 'EXPIRE-CYCLE', String(limit)]);
    if (reply.type !== 'integer') throw new ServerReplyError('DEBUG EXPIRE-CYCLE', reply);
    return Number(reply.value);
  }

  checkpoint(): void {
    this.admin(['DEBUG', 'CHECKPOINT']);
  }

  audit(options: AuditOptions = {}): AuditReport {
    const integrity = options.integrity ?? 'quick';
    const reply = this.admin(['DEBUG', 'AUDIT', integrity, String(options.examplesMax ?? 10)]);
    if (reply.type !== 'bulk' || reply.value === null) throw new ServerReplyError('DEBUG AUDIT', reply);
    return JSON.parse(reply.value.toString('utf8'), reviveBuffers) as AuditReport;
  }

  /** A crash: the process dies with SIGKILL, leaving its files as they are. */
  abandon(): void {
    this.link.end('SIGKILL');
  }

  close(): void {
    this.link.end('SIGTERM');
  }
}
