/**
 * A planted bug, for testing the tools that test redlite and never for use: GET answers from a
 * read cache that writes do not invalidate. The first GET of a key fills the cache, and the next
 * STALE_SERVES_MAX GETs of that key are served from it whatever was written since; then the
 * cache reads through again. One client that reads back its own write sees it at once only when
 * no GET cached the key just before; clients on other connections see stale values often. It is
 * the canary of the live linearizability check (docs/live-servers.md, "The stale-read canary").
 *
 * bin/redlite-server switches it on only when the environment variable PLANTED_BUG_ENV is
 * `stale-get`, and then says so on every start. Nothing else reads that variable.
 */

import type { Redlite } from '../Redlite.ts';
import type { Arg, Reply } from '../reply.ts';
import { argBytes } from '../reply.ts';

export const PLANTED_BUG_ENV = 'REDLITE_SERVER_PLANTED_BUG';
export const STALE_GET = 'stale-get';
/** GETs served from one cache fill before it reads through again. */
export const STALE_SERVES_MAX = 8;

interface Cached {
  readonly reply: Reply;
  servesLeft: number;
}

/** `redlite` with GET behind the stale cache; every other call goes straight through. */
export function withStaleGets(redlite: Redlite): Redlite {
  const cache = new Map<string, Cached>();
  const exec = (argv: Arg[], db = 0): Reply => {
    const name = argv[0] === undefined ? '' : argBytes(argv[0]).toString('latin1').toUpperCase();
    if (name !== 'GET' || argv.length !== 2) return redlite.exec(argv, db);
    const key = `${db}:${argBytes(argv[1] as Arg).toString('hex')}`;
    const cached = cache.get(key);
    if (cached !== undefined && cached.servesLeft > 0) {
      cached.servesLeft--;
      return cached.reply;
    }
    const reply = redlite.exec(argv, db);
    cache.set(key, { reply, servesLeft: STALE_SERVES_MAX });
    return reply;
  };
  return new Proxy(redlite, {
    get(target, property) {
      if (property === 'exec') return exec;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
