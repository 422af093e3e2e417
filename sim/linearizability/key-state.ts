/**
 * The canonical state of one key in a model copy, for the search's cache: its type, its
 * absolute deadline and its whole value, read through the model's own commands (TYPE, PTTL and
 * a whole-value read per type, with the model's normalisation of unordered replies), so two
 * copies get equal records exactly when every command would answer them alike. The value's text
 * keeps each reply's type, length and bytes, so distinct replies never share a text.
 *
 * Long encodings are kept as their SHA-256 digest: a record stays small however long a list
 * grows, and two different states share a digest only on a SHA-256 collision. It covers one key;
 * the partition's state is the records of all its keys (PartitionModel.ts).
 */
import { createHash } from 'node:crypto';
import type { Arg, Reply } from '../../redlite/reply.ts';
import { type Model, normalizeReply } from '../model/index.ts';

export interface KeyRecord {
  /** '' for an absent key; otherwise its encoding, or `#` and the digest of a long one. */
  readonly digest: string;
  /** Absolute Unix ms after which the key is gone; null when it has no deadline. */
  readonly deadlineMs: number | null;
}

export const ABSENT: KeyRecord = { digest: '', deadlineMs: null };

/** Encodings up to this length are kept whole: cheaper than hashing, and exact. */
const INLINE_CHARS_MAX = 64;

const VALUE_READ: Readonly<Record<string, (key: Buffer) => Arg[]>> = {
  string: (key) => ['GET', key],
  list: (key) => ['LRANGE', key, '0', '-1'],
  hash: (key) => ['HGETALL', key],
  set: (key) => ['SMEMBERS', key],
  zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
};

export class KeyStateError extends Error {
  readonly key: string;
  constructor(key: string, what: string, reply: Reply) {
    super(`model state of key ${JSON.stringify(key)}: ${what} replied ${JSON.stringify(reply)}`);
    this.name = 'KeyStateError';
    this.key = key;
  }
}

/** How much of a deadline the records keep. */
export interface DeadlineView {
  /** False where no operation of the partition writes a deadline: PTTL is then not asked. */
  readonly read: boolean;
  /**
   * Deadlines at or after this time are all recorded alike, as "far": no operation of the
   * partition runs that late, so such a key never expires within the history, and unless an
   * operation reads the deadline's value (TTL, PTTL, EXPIRE GT/LT) nothing else tells them
   * apart. Null records every deadline exactly.
   *
   * Recording two states alike can only make the search skip the second (its cache holds the
   * first): a `linearizable` verdict still rests on one path whose every reply matched a model
   * that kept its exact deadlines, so this never hides a violation; and since nothing later
   * tells the two apart, the skipped one could not have succeeded where the first failed.
   */
  readonly farFromMs: number | null;
  /**
   * Keys whose deadline's value some operation reads, directly or after a RENAME carried it
   * (command-traits.ts, deadlineReadKeys): their deadlines are recorded exactly, far or not.
   */
  readonly exactKeys: ReadonlySet<string>;
}

/** The record of `key` (a latin1 string) in `model`, whose clock reads `nowMs`. */
export function readKeyRecord(model: Model, key: string, nowMs: number, view: DeadlineView): KeyRecord {
  const keyBytes = Buffer.from(key, 'latin1');
  const typeReply = model.exec(['TYPE', keyBytes]);
  if (typeReply.type !== 'simple') throw new KeyStateError(key, 'TYPE', typeReply);
  if (typeReply.value === 'none') return ABSENT;
  const read = VALUE_READ[typeReply.value];
  if (read === undefined) throw new KeyStateError(key, 'TYPE', typeReply);
  const argv = read(keyBytes);
  const value = replyText(normalizeReply(argv, model.exec(argv)));
  let deadline: bigint | null = null;
  if (view.read) {
    const pttl = model.exec(['PTTL', keyBytes]);
    if (pttl.type !== 'integer' || BigInt(pttl.value) < -1n) throw new KeyStateError(key, 'PTTL', pttl);
    deadline = BigInt(pttl.value) === -1n ? null : BigInt(nowMs) + BigInt(pttl.value);
  }
  const far =
    deadline !== null &&
    view.farFromMs !== null &&
    deadline >= BigInt(view.farFromMs) &&
    !view.exactKeys.has(key);
  const encoding = `${typeReply.value}|${far ? 'far' : (deadline ?? '-')}|${value}`;
  return {
    digest: encoding.length <= INLINE_CHARS_MAX ? encoding : `#${sha256(encoding)}`,
    deadlineMs: deadline === null ? null : clampToSafe(deadline),
  };
}

/**
 * A reply as text that keeps every distinction RESP2 makes (type, length, bytes), built
 * directly: encoding to RESP buffers first costs more than the rest of a step.
 */
function replyText(reply: Reply): string {
  switch (reply.type) {
    case 'simple':
      return `+${reply.value.length}:${reply.value}`;
    case 'error':
      return `-${reply.value.length}:${reply.value}`;
    case 'integer':
      return `:${reply.value};`;
    case 'bulk':
      return reply.value === null ? '$-;' : `$${reply.value.length}:${reply.value.toString('latin1')}`;
    case 'array': {
      if (reply.value === null) return '*-;';
      let text = `*${reply.value.length}:`;
      for (const item of reply.value) text += replyText(item);
      return text;
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('base64');
}

/** Deadlines beyond 2^53 ms (year 287,396) are never reached by any history's clock. */
function clampToSafe(deadline: bigint): number {
  return deadline > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(deadline);
}
