/**
 * The list_order_preserved oracle: list reads and pops see elements in the order the pushes
 * put them. It shadows each list as an array (LPUSH prepends its elements one by one, RPUSH
 * appends, pops take from the ends) and checks every pop, LRANGE and LINDEX against it. Only
 * list keys meet it: its sequences never give a key another type.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { bulkText, bytesText, type Oracle, rangeSlice, resolveIndex } from './types.ts';

function items(reply: Reply): (string | null)[] | null {
  if (reply.type !== 'array' || reply.value === null) return null;
  return reply.value.map(bulkText);
}

function same(actual: readonly (string | null)[] | null, expected: readonly string[]): boolean {
  return (
    actual !== null && actual.length === expected.length && actual.every((item, i) => item === expected[i])
  );
}

export function listOrderPreserved(): Oracle {
  const lists = new Map<string, string[]>();
  const listOf = (key: string): string[] => lists.get(key) ?? [];
  const store = (key: string, list: string[]): void => {
    if (list.length === 0) lists.delete(key);
    else lists.set(key, list);
  };

  function pop(argv: readonly string[], reply: Reply, fromLeft: boolean): string | null {
    const [name, key = '', countText] = argv;
    const list = listOf(key);
    const count = countText === undefined ? 1 : Number(countText);
    const taken = fromLeft ? list.slice(0, count) : list.slice(-count).reverse();
    store(key, fromLeft ? list.slice(taken.length) : list.slice(0, list.length - taken.length));
    if (countText === undefined) {
      const expected = taken[0] ?? null;
      if (bulkText(reply) === expected && (reply.type === 'bulk' || expected === null)) return null;
      return `${name} ${key} returned ${formatReply(reply)}, but the list's end held ${JSON.stringify(expected)}`;
    }
    if (list.length === 0 && reply.type === 'array' && reply.value === null) return null;
    if (same(items(reply), taken)) return null;
    return `${argv.join(' ')} returned ${formatReply(reply)}, but the list's end held ${JSON.stringify(taken)}`;
  }

  return {
    observe(argv: readonly string[], reply: Reply): string | null {
      const [name, key = ''] = argv;
      const values = argv.slice(2).map(bytesText);
      switch (name) {
        case 'LPUSH':
          if (reply.type !== 'error') store(key, [...values.reverse(), ...listOf(key)]);
          return null;
        case 'RPUSH':
          if (reply.type !== 'error') store(key, [...listOf(key), ...values]);
          return null;
        case 'LPOP':
          return pop(argv, reply, true);
        case 'RPOP':
          return pop(argv, reply, false);
        case 'LRANGE': {
          const expected = rangeSlice(listOf(key), Number(argv[2]), Number(argv[3]));
          if (same(items(reply), expected)) return null;
          return `${argv.join(' ')} returned ${formatReply(reply)}, but the pushes and pops leave ${JSON.stringify(expected)}`;
        }
        case 'LINDEX': {
          const list = listOf(key);
          const at = resolveIndex(Number(argv[2]), list.length);
          const expected = at === null ? null : (list[at] as string);
          if (bulkText(reply) === expected) return null;
          return `${argv.join(' ')} returned ${formatReply(reply)}, but the pushes and pops leave ${JSON.stringify(expected)} there`;
        }
        default:
          return null;
      }
    },
  };
}
