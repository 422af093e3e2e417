/**
 * redlite-server's process entry: parses the flags (yargs, strict: an unknown flag or a bad value
 * is a one-line error and exit 2), opens the store, serves RESP until SIGTERM or SIGINT, then
 * shuts down gracefully (stop accepting, write the replies owed, close the store, which
 * checkpoints) and exits 0. A store or port that cannot be opened exits 1.
 *
 * `--clock manual` is for a simulator that drives the server in its virtual time: the clock
 * moves only on `DEBUG SET-TIME`, blocked clients time out only then, and nothing runs on a
 * period (redlite/server/ManualClock.ts, manual-clock-admin.ts). `--exit-with-stdin` ties the
 * server's life to whoever started it: when its stdin closes (that process died, even by
 * SIGKILL), the server shuts down.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { Clock } from '../redlite/clock.ts';
import { Redlite, systemClock } from '../redlite/index.ts';
import {
  EXPIRE_SAMPLE_KEYS_DEFAULT,
  LIST_POSITION_GAP_DEFAULT,
  WAL_CHECKPOINT_PAGES_DEFAULT,
} from '../redlite/options.ts';
import type { HostTimers } from '../redlite/server/host-timers.ts';
import { ManualClock } from '../redlite/server/ManualClock.ts';
import { ManualClockAdmin } from '../redlite/server/manual-clock-admin.ts';
import { PLANTED_BUG_ENV, STALE_GET, withStaleGets } from '../redlite/server/planted-stale-gets.ts';
import { RespServer } from '../redlite/server/RespServer.ts';
import { SessionHub } from '../redlite/server/SessionHub.ts';
import { wallTimers } from '../redlite/server/wall-timers.ts';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const PORT_MAX = 65535;
/** How long a shutdown waits for clients to take their last replies, in wall time. */
const SHUTDOWN_WAIT_MS = 5000;

class UsageError extends Error {}

interface Flags {
  port: number;
  bind: string;
  db: string;
  requirepass: string | null;
  maxclients: number;
  synchronous: 'normal' | 'full';
  protoMaxBulkLen: number;
  protoMaxMultibulkLen: number;
  clientQueryBufferLimit: number;
  clock: 'wall' | 'manual';
  exitWithStdin: boolean;
  walCheckpointPages: number;
  listPositionGap: number;
  expireSampleKeys: number;
}

function integerFlag(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** The flags, validated; null when --help was asked for (yargs has printed it). */
function parseFlags(args: readonly string[]): Flags | null {
  const argv = yargs([...args])
    .scriptName('redlite-server')
    .usage('$0 [options]\n\nredlite, the Redis-compatible store on SQLite, served over RESP2.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .option('port', { type: 'number', default: 6379, describe: 'TCP port; 0 picks a free one (printed)' })
    .option('bind', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
    .option('db', { type: 'string', default: 'redlite.db', describe: "database file, or ':memory:'" })
    .option('requirepass', { type: 'string', describe: 'password clients must AUTH with' })
    .option('maxclients', { type: 'number', default: 10000, describe: 'connections served at once' })
    .option('synchronous', { choices: ['normal', 'full'] as const, default: 'normal' as const })
    .option('proto-max-bulk-len', {
      type: 'number',
      default: 512 * 1024 * 1024,
      describe: 'longest bulk string, bytes',
    })
    .option('proto-max-multibulk-len', {
      type: 'number',
      default: 1024 * 1024,
      describe: 'most arguments per command',
    })
    .option('client-query-buffer-limit', {
      type: 'number',
      default: 1024 * 1024 * 1024,
      describe: 'unparsed bytes held per client before it is closed',
    })
    .option('clock', {
      choices: ['wall', 'manual'] as const,
      default: 'wall' as const,
      describe:
        'wall: real time. manual: time moves only on DEBUG SET-TIME <ms> (from 0); blocked clients time out ' +
        'only then, active expiry runs only on DEBUG EXPIRE-CYCLE <keys>; DEBUG also takes CHECKPOINT, ' +
        'AUDIT quick|full <examples>, SESSION <client id>, SERVED (for a simulator; see README)',
    })
    .option('exit-with-stdin', {
      type: 'boolean',
      default: false,
      describe: 'shut down when stdin closes (the process that started the server is gone)',
    })
    .option('wal-checkpoint-pages', {
      type: 'number',
      default: WAL_CHECKPOINT_PAGES_DEFAULT,
      describe: 'WAL frames after which redlite checkpoints',
    })
    .option('list-position-gap', {
      type: 'number',
      default: LIST_POSITION_GAP_DEFAULT,
      describe: 'step between neighbouring list positions (2 up to the default)',
    })
    .option('expire-sample-keys', {
      type: 'number',
      default: EXPIRE_SAMPLE_KEYS_DEFAULT,
      describe: 'expired keys one active-expiry cycle reads per query',
    })
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new UsageError(message ?? 'invalid arguments');
    })
    .parseSync();
  if (argv.help === true) return null;
  if (argv.db === '') throw new UsageError('--db must name a file or :memory:');
  return {
    port: integerFlag('port', argv.port, 0, PORT_MAX),
    bind: argv.bind,
    db: argv.db,
    requirepass: argv.requirepass ?? null,
    maxclients: integerFlag('maxclients', argv.maxclients, 1),
    synchronous: argv.synchronous,
    protoMaxBulkLen: integerFlag('proto-max-bulk-len', argv['proto-max-bulk-len'], 1),
    protoMaxMultibulkLen: integerFlag('proto-max-multibulk-len', argv['proto-max-multibulk-len'], 1),
    clientQueryBufferLimit: integerFlag('client-query-buffer-limit', argv['client-query-buffer-limit'], 1),
    clock: argv.clock,
    exitWithStdin: argv['exit-with-stdin'],
    walCheckpointPages: integerFlag('wal-checkpoint-pages', argv['wal-checkpoint-pages'], 1),
    listPositionGap: integerFlag(
      'list-position-gap',
      argv['list-position-gap'],
      2,
      LIST_POSITION_GAP_DEFAULT,
    ),
    expireSampleKeys: integerFlag('expire-sample-keys', argv['expire-sample-keys'], 1),
  };
}

function fail(code: number, message: string): never {
  process.stderr.write(`redlite-server: ${message.split('\n')[0]}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let flags: Flags | null;
  try {
    flags = parseFlags(hideBin(process.argv));
  } catch (error) {
    fail(EXIT_USAGE, `${error instanceof Error ? error.message : String(error)} (see redlite-server --help)`);
  }
  if (flags === null) return;
  const manual = flags.clock === 'manual' ? new ManualClock(0) : null;
  const clock: Clock = manual ?? systemClock;
  const timers: HostTimers = manual ?? wallTimers;
  let redlite: Redlite;
  try {
    // The server is the file's only user: exclusive locking skips SQLite's per-transaction locks.
    redlite = Redlite.open(flags.db, {
      clock,
      synchronous: flags.synchronous,
      locking: 'exclusive',
      walCheckpointPages: flags.walCheckpointPages,
      listPositionGap: flags.listPositionGap,
      expireSampleKeys: flags.expireSampleKeys,
    });
  } catch (error) {
    fail(EXIT_FAILURE, error instanceof Error ? error.message : String(error));
  }
  // A planted bug for testing the live checker, never for use (redlite/server/planted-stale-gets.ts).
  const planted = process.env[PLANTED_BUG_ENV] === STALE_GET;
  if (planted) process.stdout.write(`redlite-server: PLANTED BUG ${STALE_GET}: GET serves stale values\n`);
  const served = planted ? withStaleGets(redlite) : redlite;
  const hub = new SessionHub(served, { clock, requirePass: flags.requirepass });
  let server: RespServer;
  try {
    server = await RespServer.listen({
      hub,
      clock,
      timers,
      ...(manual === null ? {} : { admin: new ManualClockAdmin(manual, served) }),
      port: flags.port,
      bind: flags.bind,
      maxClients: flags.maxclients,
      limits: {
        bulkBytesMax: flags.protoMaxBulkLen,
        multibulkLengthMax: flags.protoMaxMultibulkLen,
        queryBufferBytesMax: flags.clientQueryBufferLimit,
      },
    });
  } catch (error) {
    redlite.close();
    fail(EXIT_FAILURE, `cannot listen on ${flags.bind}:${flags.port}: ${(error as Error).message}`);
  }
  process.stdout.write(`redlite-server ready on ${flags.bind}:${server.port} (db ${flags.db})\n`);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`redlite-server: ${signal}, shutting down\n`);
    // Under a manual clock the server's own shutdown wait never ends; bound it in wall time.
    await Promise.race([
      server.close(),
      new Promise<void>((resolve) => wallTimers.at(systemClock.now() + SHUTDOWN_WAIT_MS, resolve)),
    ]);
    hub.close();
    redlite.close();
    process.stdout.write('redlite-server: bye\n');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (flags.exitWithStdin) {
    process.stdin.on('close', () => void stop('stdin closed'));
    process.stdin.on('end', () => void stop('stdin closed'));
    process.stdin.resume();
  }
}

await main();
