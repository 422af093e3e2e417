/**
 * The set_get_roundtrip oracle: what a string read returns is what the writes left. It shadows
 * each key's bytes through SET and APPEND, and checks GET (the bytes) and STRLEN (their count).
 * GETRANGE's clamping is left to the model's comparison. Only string keys meet it: its
 * sequences never give a key another type.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { bulkText, bytesText, type Oracle } from './types.ts';

export function setGetRoundtrip(): Oracle {
  const values = new Map<string, string>();
  return {
    observe(argv: readonly string[], reply: Reply): string | null {
      const [name, key = '', value = ''] = argv;
      switch (name) {
        case 'SET':
          if (reply.type !== 'error') values.set(key, bytesText(value));
          return null;
        case 'APPEND':
          if (reply.type !== 'error') values.set(key, (values.get(key) ?? '') + bytesText(value));
          return null;
        case 'GET': {
          const expected = values.get(key) ?? null;
          const actual = bulkText(reply);
          if (actual === expected) return null;
          return `GET ${key} returned ${JSON.stringify(actual)}, but the writes left ${JSON.stringify(expected)}`;
        }
        case 'STRLEN': {
          const expected = (values.get(key) ?? '').length;
          if (reply.type === 'integer' && Number(reply.value) === expected) return null;
          return `STRLEN ${key} returned ${formatReply(reply)}, but the writes left ${expected} bytes`;
        }
        default:
          return null;
      }
    },
  };
}
