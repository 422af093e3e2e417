/**
 * The hash_fields_unique oracle: a hash never lists one field twice, and holds exactly the
 * fields the writes left. It shadows each hash as a map, checks HGETALL for duplicate fields
 * and against the map, HGET and HEXISTS against it, and the counts HSET and HDEL reply with
 * (new fields, removed fields). Only hash keys meet it.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { bulkText, bytesText, type Oracle } from './types.ts';

function checkAll(key: string, reply: Reply, hash: ReadonlyMap<string, string>): string | null {
  if (reply.type !== 'array' || reply.value === null) return `HGETALL ${key} replied ${formatReply(reply)}`;
  const seen = new Map<string, string | null>();
  for (let i = 0; i < reply.value.length; i += 2) {
    const field = bulkText(reply.value[i] as Reply) ?? '(nil)';
    if (seen.has(field)) return `HGETALL ${key} listed field ${JSON.stringify(field)} twice`;
    seen.set(field, bulkText((reply.value[i + 1] ?? { type: 'bulk', value: null }) as Reply));
  }
  const same = seen.size === hash.size && [...hash].every(([field, value]) => seen.get(field) === value);
  if (same) return null;
  return `HGETALL ${key} returned ${formatReply(reply)}, but the writes leave ${JSON.stringify(Object.fromEntries(hash))}`;
}

export function hashFieldsUnique(): Oracle {
  const hashes = new Map<string, Map<string, string>>();
  const hashOf = (key: string): Map<string, string> => hashes.get(key) ?? new Map();
  return {
    observe(argv: readonly string[], reply: Reply): string | null {
      const [name, key = '', first = ''] = argv;
      const hash = hashOf(key);
      switch (name) {
        case 'HSET': {
          if (reply.type === 'error') return null;
          let added = 0;
          for (let i = 2; i + 1 < argv.length; i += 2) {
            const field = bytesText(argv[i] as string);
            if (!hash.has(field)) added++;
            hash.set(field, bytesText(argv[i + 1] as string));
          }
          hashes.set(key, hash);
          if (reply.type === 'integer' && Number(reply.value) === added) return null;
          return `${argv.join(' ')} replied ${formatReply(reply)}, but it added ${added} new field(s)`;
        }
        case 'HDEL': {
          let removed = 0;
          for (const field of argv.slice(2).map(bytesText)) if (hash.delete(field)) removed++;
          if (hash.size === 0) hashes.delete(key);
          if (reply.type === 'integer' && Number(reply.value) === removed) return null;
          return `${argv.join(' ')} replied ${formatReply(reply)}, but it removed ${removed} field(s)`;
        }
        case 'HGET': {
          const expected = hash.get(bytesText(first)) ?? null;
          if (bulkText(reply) === expected) return null;
          return `HGET ${key} ${first} returned ${formatReply(reply)}, but the writes left ${JSON.stringify(expected)}`;
        }
        case 'HEXISTS': {
          const expected = hash.has(bytesText(first)) ? 1 : 0;
          if (reply.type === 'integer' && Number(reply.value) === expected) return null;
          return `HEXISTS ${key} ${first} replied ${formatReply(reply)}, expected ${expected}`;
        }
        case 'HGETALL':
          return checkAll(key, reply, hash);
        default:
          return null;
      }
    },
  };
}
