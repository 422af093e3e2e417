/**
 * The two sides an oracle run compares, behind one interface: something that takes a command
 * and answers a Reply. Redis and bin/redlite-server are reached over RESP with node-redis (RESP2:
 * redlite-server refuses RESP3, as its client tests pin down); redlite in-process is called
 * directly on the wall clock, because Redis has no other clock.
 *
 * node-redis decodes a reply into JavaScript values; the type mapping used here keeps the RESP
 * types apart (a simple string as a string, a bulk string as a Buffer, an integer as a number,
 * an error as a thrown ErrorReply), so the reply comes back as the same Reply vocabulary the
 * model and redlite speak. Two things node-redis cannot tell apart are made alike on the
 * in-process side too: integers pass through a JavaScript number (both sides round alike beyond
 * 2^53), and a nil array is a nil like a nil bulk string (RESP framing is the business of the
 * server's protocol differential tests, which compare raw bytes).
 */
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import type { Redlite } from '../../redlite/index.ts';
import type { Arg, Reply } from '../../redlite/reply.ts';

export interface OracleTarget {
  /** What the side is, for reports: `redis at 127.0.0.1:6379`, `redlite in-process`. */
  readonly label: string;
  send(argv: readonly Arg[]): Promise<Reply>;
  /** Empties the store between groups. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A connection or protocol failure, as opposed to an error reply: the oracle cannot go on. */
export class OracleConnectionError extends Error {
  readonly label: string;
  constructor(label: string, cause: unknown) {
    super(`${label}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'OracleConnectionError';
    this.label = label;
  }
}

/** node-redis's reply value as a Reply (see the type mapping above). */
export function replyFromNodeRedis(value: unknown): Reply {
  if (value === null || value === undefined) return { type: 'bulk', value: null };
  if (Buffer.isBuffer(value)) return { type: 'bulk', value };
  if (typeof value === 'string') return { type: 'simple', value };
  if (typeof value === 'number') return { type: 'integer', value: BigInt(Math.trunc(value)) };
  if (Array.isArray(value)) return { type: 'array', value: value.map(replyFromNodeRedis) };
  throw new TypeError(`unexpected reply value from node-redis: ${typeof value}`);
}

/** A server over RESP2 through node-redis: Redis itself, or bin/redlite-server. */
export async function nodeRedisTarget(url: string, label: string): Promise<OracleTarget> {
  const base = createClient({ url, RESP: 2, disableClientInfo: true });
  let lastError: unknown = null;
  base.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await base.connect();
  } catch (error) {
    throw new OracleConnectionError(label, error);
  }
  const client = base.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    label,
    async send(argv) {
      try {
        return replyFromNodeRedis(await client.sendCommand(argv as Arg[]));
      } catch (error) {
        if (error instanceof ErrorReply) return { type: 'error', value: error.message };
        throw new OracleConnectionError(label, lastError ?? error);
      }
    },
    async flush() {
      await client.sendCommand(['FLUSHDB']);
    },
    async close() {
      base.destroy();
    },
  };
}

/** A reply as node-redis would hand it over: integers through a number, nil arrays as nil. */
export function asNodeRedisSees(reply: Reply): Reply {
  if (reply.type === 'integer') return { type: 'integer', value: BigInt(Math.trunc(Number(reply.value))) };
  if (reply.type !== 'array') return reply;
  if (reply.value === null) return { type: 'bulk', value: null };
  return { type: 'array', value: reply.value.map(asNodeRedisSees) };
}

/** redlite called directly; `open` makes a fresh store for each flush. */
export function inProcessTarget(open: () => Redlite, label = 'redlite in-process'): OracleTarget {
  let store = open();
  return {
    label,
    send: async (argv) => asNodeRedisSees(store.exec([...argv])),
    async flush() {
      store.close();
      store = open();
    },
    async close() {
      store.close();
    },
  };
}
