/**
 * Seeded random differential tests: command streams drawn from sim/ops over every command, run
 * on a real redis-server 7.0, on the reference model and on redlite, compared as RESP2 bytes
 * after normalizeReply.
 *
 * - Model vs Redis, every command: the model must match byte for byte, error texts included.
 *   SPOP is judged with execAdopting, so the model follows Redis's random choice when valid.
 * - Three-way, every command but SPOP: redlite vs Redis (errors compared by first word), with
 *   the model alongside. SPOP is left out because redlite's random choice would fork its state
 *   from Redis's; the next leg covers it.
 * - Redlite vs model, every command: the model adopts redlite's SPOP choices when valid.
 *
 * Wall-clock caveats, handled rather than hidden: every side reads the real clock (Redis has
 * no other), generated relative TTLs are at least ten minutes (ttlMsMin) so nothing expires
 * mid-run except keys given a deadline already in the past, TTL/PTTL compare within ±2 s, and
 * before DBSIZE, Redis reclaims expired keys through an EXISTS over the key universe (DBSIZE
 * on the model and redlite never counts expired keys: a documented deviation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redlite } from '../../redlite/index.ts';
import type { Arg, Reply } from '../../redlite/reply.ts';
import { commandName } from '../../sim/format-reply.ts';
import { canonicalBytes, isRandomCommand, Model } from '../../sim/model/index.ts';
import { createFamilyWorkload, type FamilyWorkload, OPS } from '../../sim/ops/index.ts';
import { firstWordOfError, ttlClose } from '../../sim/oracle/judge.ts';
import { type RedisConnection, type RedisHandle, startRedis } from '../support/redis-server.ts';

const SEEDS = [1n, 2n, 3n, 0xdeadbeefn, 20260101n];
const COMMANDS_PER_SEED = 2400;
const THREE_WAY_SEEDS = [7n, 8n, 9n, 10n];
const THREE_WAY_COMMANDS_PER_SEED = 2500;
const TTL_MS_MIN = 600_000;
const SHOWN_DIVERGENCES_MAX = 8;

const wallClock = { now: () => Date.now() };

interface Divergence {
  label: string;
  seed: bigint;
  index: number;
  argv: readonly Arg[];
  expected: Buffer;
  actual: Buffer;
}

class Tally {
  compared = 0;
  readonly divergences: Divergence[] = [];

  summary(label: string): string {
    return `${label}: ${this.compared} commands compared, ${this.divergences.length} divergences`;
  }

  details(): string {
    return this.divergences
      .slice(0, SHOWN_DIVERGENCES_MAX)
      .map(
        (d) =>
          `${d.label} seed ${d.seed} #${d.index}: ${showArgv(d.argv)}\n  expected: ${show(d.expected)}\n  actual:   ${show(d.actual)}`,
      )
      .join('\n');
  }
}

function show(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...` : text);
}

function showArgv(argv: readonly Arg[]): string {
  return argv.map((arg) => show(typeof arg === 'string' ? Buffer.from(arg) : arg)).join(' ');
}

/** Records a divergence unless the replies agree (exactly, or within the TTL tolerance). */
function judge(
  tally: Tally,
  label: string,
  seed: bigint,
  index: number,
  argv: Arg[],
  expected: Reply,
  actual: Reply,
) {
  tally.compared++;
  const expectedBytes = canonicalBytes(argv, expected);
  const actualBytes = canonicalBytes(argv, actual);
  if (expectedBytes.equals(actualBytes) || ttlClose(argv, expected, actual)) return;
  tally.divergences.push({ label, seed, index, argv, expected: expectedBytes, actual: actualBytes });
}

function workload(seed: bigint, withSpop: boolean): FamilyWorkload {
  return createFamilyWorkload({
    seed,
    nowMs: () => Date.now(),
    ttlMsMin: TTL_MS_MIN,
    ops: withSpop ? OPS : OPS.filter((spec) => spec.name !== 'SPOP'),
  });
}

/** Sends argv to Redis, first reclaiming expired keys when it is DBSIZE. */
async function sendToRedis(connection: RedisConnection, ops: FamilyWorkload, argv: Arg[]): Promise<Reply> {
  if (commandName(argv) === 'DBSIZE') await connection.send(['EXISTS', ...ops.universe]);
  return connection.send(argv);
}

describe('differential: model and redlite vs a real Redis, seeded random commands', () => {
  let redis: RedisHandle | null = null;
  let connection: RedisConnection | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    if (redis) connection = await redis.connect();
  });

  afterAll(() => {
    connection?.close();
    redis?.stop();
  });

  it('the model agrees with redis-server on every generated command', async (testContext) => {
    if (!connection) {
      testContext.skip();
      return;
    }
    const tally = new Tally();
    for (const seed of SEEDS) {
      await connection.send(['FLUSHALL']);
      const model = new Model({ clock: wallClock });
      const ops = workload(seed, true);
      for (let index = 0; index < COMMANDS_PER_SEED; index++) {
        const argv = ops.next();
        const redisReply = await sendToRedis(connection, ops, argv);
        const modelReply = isRandomCommand(argv)
          ? model.execAdopting(argv, redisReply).reply
          : model.exec(argv);
        judge(tally, 'model-vs-redis', seed, index, argv, redisReply, modelReply);
      }
    }
    console.log(tally.summary('model vs Redis'));
    expect(tally.compared).toBeGreaterThanOrEqual(10_000);
    expect(tally.divergences.length, tally.details()).toBe(0);
  });

  it('three-way: redlite and the model agree with redis-server (SPOP aside)', async (testContext) => {
    if (!connection) {
      testContext.skip();
      return;
    }
    const redliteTally = new Tally();
    const modelTally = new Tally();
    for (const seed of THREE_WAY_SEEDS) {
      await connection.send(['FLUSHALL']);
      const model = new Model({ clock: wallClock });
      const redlite = Redlite.open(':memory:', { clock: wallClock });
      try {
        const ops = workload(seed, false);
        for (let index = 0; index < THREE_WAY_COMMANDS_PER_SEED; index++) {
          const argv = ops.next();
          const redisReply = await sendToRedis(connection, ops, argv);
          judge(modelTally, 'model-vs-redis', seed, index, argv, redisReply, model.exec(argv));
          const redliteReply = redlite.exec(argv);
          judge(
            redliteTally,
            'redlite-vs-redis',
            seed,
            index,
            argv,
            firstWordOfError(redisReply),
            firstWordOfError(redliteReply),
          );
        }
      } finally {
        redlite.close();
      }
    }
    console.log(redliteTally.summary('redlite vs Redis'));
    console.log(modelTally.summary('model vs Redis (three-way leg)'));
    expect(modelTally.divergences.length, modelTally.details()).toBe(0);
    expect(redliteTally.divergences.length, redliteTally.details()).toBe(0);
  });
});

describe('differential: redlite vs the model, SPOP included', () => {
  it('redlite agrees with the model, which adopts its valid SPOP choices', () => {
    const tally = new Tally();
    for (const seed of THREE_WAY_SEEDS) {
      const model = new Model({ clock: wallClock });
      const redlite = Redlite.open(':memory:', { clock: wallClock });
      try {
        const ops = workload(seed, true);
        for (let index = 0; index < THREE_WAY_COMMANDS_PER_SEED; index++) {
          const argv = ops.next();
          const redliteReply = redlite.exec(argv);
          const modelReply = isRandomCommand(argv)
            ? model.execAdopting(argv, redliteReply).reply
            : model.exec(argv);
          judge(tally, 'redlite-vs-model', seed, index, argv, modelReply, redliteReply);
        }
      } finally {
        redlite.close();
      }
    }
    console.log(tally.summary('redlite vs model'));
    expect(tally.divergences.length, tally.details()).toBe(0);
  });
});
