/**
 * The expire_removes_key oracle: once a key's deadline has passed, every read finds it gone:
 * GET answers nil, TTL and PTTL -2, EXPIRE and PERSIST 0. It judges only keys its own deadline
 * shadow says have expired; every other reply is the model's to judge.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { DeadlineShadow } from './deadline-shadow.ts';
import type { Oracle } from './types.ts';

/** The reply that says "no such key", per command of the expiration scenario. */
function looksAbsent(name: string, reply: Reply): boolean {
  switch (name) {
    case 'GET':
      return reply.type === 'bulk' && reply.value === null;
    case 'TTL':
    case 'PTTL':
      return reply.type === 'integer' && Number(reply.value) === -2;
    case 'EXPIRE':
    case 'PERSIST':
      return reply.type === 'integer' && Number(reply.value) === 0;
    default:
      return true;
  }
}

export function expireRemovesKey(): Oracle {
  const shadow = new DeadlineShadow();
  return {
    observe(argv: readonly string[], reply: Reply, nowMs: number): string | null {
      const [name = '', key = ''] = argv;
      const deadline = shadow.expiredAt(key, nowMs);
      if (reply.type !== 'error') shadow.apply(argv, nowMs);
      if (deadline === null || looksAbsent(name, reply)) return null;
      return `${argv.join(' ')} replied ${formatReply(reply)} ${nowMs - deadline} ms after ${key} expired`;
    },
  };
}
