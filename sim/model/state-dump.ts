/**
 * The model's full state, read straight from its keyspace in exactly the form the checkers'
 * command-driven dump gives (sim/checkers/state-dump.ts: SCAN, then TYPE, PTTL and a
 * whole-value read per key, each reply rendered as RESP2 text). The checkers compare the
 * model's state with the target's after every restart and at every state check; reading the
 * model through commands built a reply, a buffer and a string for every item, most of the cost
 * of those checks on the model's side. A test holds the two forms equal.
 *
 * Leaves out: the target's side, which stays a black box read through commands.
 */
import { scoreText } from './commands/zsets.ts';
import type { Keyspace } from './Keyspace.ts';

/** One key's state: its type, its PTTL reply and its value reply, as RESP2 text. */
export interface DumpedKey {
  readonly type: string;
  readonly pttl: string;
  readonly value: string;
}

/** A bulk string's RESP2 text; model strings hold one byte per char (latin1). */
function bulkText(value: string): string {
  return `$${value.length}\r\n${value}\r\n`;
}

function arrayText(items: readonly string[]): string {
  let text = `*${items.length}\r\n`;
  for (const item of items) text += bulkText(item);
  return text;
}

/** The PTTL reply of a live key at the keyspace's now, as the PTTL command answers it. */
function pttlText(ks: Keyspace, key: string): string {
  const expireAt = ks.expireAt(key);
  if (expireAt === undefined) return ':-2';
  if (expireAt === null) return ':-1';
  const ttl = expireAt - ks.nowMs();
  return `:${ttl < 0n ? 0n : ttl}`;
}

/** Every live key's state, by key, in the checkers' dump order (bytewise-sorted keys). */
export function dumpKeyspace(ks: Keyspace): Map<string, DumpedKey> {
  const state = new Map<string, DumpedKey>();
  for (const key of ks.liveKeys().sort()) {
    const value = ks.peek(key);
    if (value === undefined) continue;
    let text: string;
    switch (value.kind) {
      case 'string':
        text = bulkText(value.data);
        break;
      case 'list':
        text = arrayText(value.items);
        break;
      case 'hash': {
        const pairs: string[] = [];
        for (const [field, item] of value.fields) pairs.push(bulkText(field) + bulkText(item));
        text = pairs.sort().join('|');
        break;
      }
      case 'set':
        text = [...value.members].map(bulkText).sort().join('|');
        break;
      case 'zset': {
        const items: string[] = [];
        for (const { member, score } of value.zset.sorted()) items.push(member, scoreText(score));
        text = arrayText(items);
        break;
      }
    }
    state.set(key, { type: value.kind, pttl: pttlText(ks, key), value: text });
  }
  return state;
}
