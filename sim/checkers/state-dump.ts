/**
 * A full-state dump through commands only, so the target stays a black box: SCAN for the keys,
 * then TYPE, a whole-value read per type and PTTL for each. Unordered types are sorted here, so
 * two dumps compare as plain strings. Both the target and the model are dumped the same way.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { encodeResp2 } from '../../redlite/resp.ts';

export type Exec = (argv: Arg[]) => Reply;

/** One key's state: its type, its PTTL and its value, each rendered canonically. */
export interface KeyState {
  readonly type: string;
  readonly pttl: string;
  readonly value: string;
}

export class DumpError extends Error {
  readonly argv: string;
  constructor(argv: readonly Arg[], reply: Reply) {
    super(`state dump: ${argv.join(' ')} replied ${JSON.stringify(reply)}`);
    this.name = 'DumpError';
    this.argv = argv.join(' ');
  }
}

/** Sweeps needed to list keys is bounded: each SCAN step asks for every key at once. */
const SCAN_STEPS_MAX = 10_000;
const SCAN_COUNT = '1000000';

function bulkText(reply: Reply | undefined): string | null {
  return reply?.type === 'bulk' && reply.value !== null ? reply.value.toString('latin1') : null;
}

export function listKeys(exec: Exec): string[] {
  const keys = new Set<string>();
  let cursor = '0';
  for (let step = 0; step < SCAN_STEPS_MAX; step++) {
    const reply = exec(['SCAN', cursor, 'COUNT', SCAN_COUNT]);
    if (reply.type !== 'array' || reply.value === null || reply.value.length !== 2)
      throw new DumpError(['SCAN', cursor], reply);
    const [next, batch] = reply.value;
    const nextCursor = bulkText(next);
    if (nextCursor === null || batch?.type !== 'array' || batch.value === null)
      throw new DumpError(['SCAN', cursor], reply);
    for (const item of batch.value) {
      const key = bulkText(item);
      if (key !== null) keys.add(key);
    }
    if (nextCursor === '0') return [...keys].sort();
    cursor = nextCursor;
  }
  throw new DumpError(['SCAN', cursor], { type: 'simple', value: `no end after ${SCAN_STEPS_MAX} steps` });
}

function sortedItems(reply: Reply, stride: number): string {
  if (reply.type !== 'array' || reply.value === null) return encodeResp2(reply).toString('latin1');
  const groups: string[] = [];
  for (let i = 0; i < reply.value.length; i += stride) {
    const group = reply.value.slice(i, i + stride).map((item) => encodeResp2(item).toString('latin1'));
    groups.push(group.join(''));
  }
  return groups.sort().join('|');
}

function readValue(exec: Exec, type: string, key: string): string {
  switch (type) {
    case 'string':
      return encodeResp2(exec(['GET', key])).toString('latin1');
    case 'list':
      return encodeResp2(exec(['LRANGE', key, '0', '-1'])).toString('latin1');
    case 'hash':
      return sortedItems(exec(['HGETALL', key]), 2);
    case 'set':
      return sortedItems(exec(['SMEMBERS', key]), 1);
    case 'zset':
      return encodeResp2(exec(['ZRANGE', key, '0', '-1', 'WITHSCORES'])).toString('latin1');
    default:
      return `(unknown type ${type})`;
  }
}

/** Every live key's state, by key name. Keys whose TYPE is `none` (just expired) are left out. */
export function dumpState(exec: Exec): Map<string, KeyState> {
  const state = new Map<string, KeyState>();
  for (const key of listKeys(exec)) {
    const typeReply = exec(['TYPE', key]);
    const type = typeReply.type === 'simple' ? typeReply.value : JSON.stringify(typeReply);
    if (type === 'none') continue;
    const pttl = encodeResp2(exec(['PTTL', key]))
      .toString('latin1')
      .trim();
    state.set(key, { type, pttl, value: readValue(exec, type, key) });
  }
  return state;
}
