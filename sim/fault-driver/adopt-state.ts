/**
 * Builds a model holding exactly what the recovered target holds, through commands on both
 * sides: for when a recovery is known to be beyond any prefix the checker could compute. The
 * one such case is a rotted WAL frame after its generation was checkpointed: SQLite's recovery
 * stops at the rotted frame and lays the older frames before it over newer database pages, a
 * mix no database without page checksums can detect. The caller probes it and says so.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { CorruptedKeys } from '../checkers/CorruptionLedger.ts';
import { listKeys } from '../checkers/state-dump.ts';
import type { ModelPort } from '../world/model-port.ts';
import type { WorldTarget } from '../world/target.ts';

export class AdoptStateError extends Error {
  constructor(key: string, step: string, reply: Reply) {
    super(`cannot copy ${key} into the model: ${step} replied ${JSON.stringify(reply)}`);
    this.name = 'AdoptStateError';
  }
}

function items(reply: Reply): Arg[] | null {
  if (reply.type !== 'array' || reply.value === null || reply.value.length === 0) return null;
  return reply.value.map((item) => (item.type === 'bulk' && item.value !== null ? item.value : ''));
}

/**
 * Empties `model` and copies every readable key of `target` into it; a key whose reads answer
 * errors joins `corrupted` instead. Returns the keys copied.
 */
export function adoptTargetState(target: WorldTarget, model: ModelPort, corrupted: CorruptedKeys): number {
  for (const key of listKeys((argv) => model.exec(argv))) model.exec(['DEL', key]);
  let copied = 0;
  for (const key of listKeys((argv) => target.exec(argv))) {
    if (corrupted.has(key)) continue;
    const type = target.exec(['TYPE', key]);
    if (type.type !== 'simple') corrupted.add(key);
    if (type.type !== 'simple' || type.value === 'none') continue;
    const read = (argv: Arg[]): Arg[] | null => {
      const found = items(target.exec(argv));
      if (found === null) corrupted.add(key);
      return found;
    };
    const write = (argv: Arg[]): void => {
      const reply = model.exec(argv);
      if (reply.type === 'error') throw new AdoptStateError(key, String(argv[0]), reply);
    };
    switch (type.value) {
      case 'string': {
        const value = target.exec(['GET', key]);
        if (value.type === 'bulk' && value.value !== null) write(['SET', key, value.value]);
        else corrupted.add(key);
        break;
      }
      case 'list': {
        const found = read(['LRANGE', key, '0', '-1']);
        if (found !== null) write(['RPUSH', key, ...found]);
        break;
      }
      case 'hash': {
        const found = read(['HGETALL', key]);
        if (found !== null) write(['HSET', key, ...found]);
        break;
      }
      case 'set': {
        const found = read(['SMEMBERS', key]);
        if (found !== null) write(['SADD', key, ...found]);
        break;
      }
      case 'zset': {
        const flat = read(['ZRANGE', key, '0', '-1', 'WITHSCORES']) ?? [];
        const pairs: Arg[] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) pairs.push(flat[i + 1] as Arg, flat[i] as Arg);
        if (pairs.length > 0) write(['ZADD', key, ...pairs]);
        break;
      }
      default:
        continue;
    }
    if (corrupted.has(key)) continue;
    const pttl = target.exec(['PTTL', key]);
    if (pttl.type === 'integer' && pttl.value > 0) write(['PEXPIRE', key, String(pttl.value)]);
    copied++;
  }
  return copied;
}
