/**
 * The incr_monotonic oracle: a counter moves by exactly the increment asked for, from its last
 * value. It keeps each key's last value as text (what the last reply said it is) and checks
 * every successful increment's reply against last + delta: exactly for the integer commands,
 * within a relative 1e-9 for INCRBYFLOAT (whose long-double rounding the model checks to the
 * byte). Error replies (overflow, a value that is not a number) change nothing here; whether
 * the error was right is the model's comparison.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { bulkText, type Oracle } from './types.ts';

const INTEGER_TEXT = /^-?\d{1,19}$/;
const FLOAT_TOLERANCE = 1e-9;

function integerDelta(name: string, argument: string | undefined): bigint | null {
  switch (name) {
    case 'INCR':
      return 1n;
    case 'DECR':
      return -1n;
    case 'INCRBY':
      return BigInt(argument ?? '0');
    case 'DECRBY':
      return -BigInt(argument ?? '0');
    default:
      return null;
  }
}

export function incrMonotonic(): Oracle {
  const last = new Map<string, string>();
  return {
    observe(argv: readonly string[], reply: Reply): string | null {
      const [name = '', key = '', argument] = argv;
      if (reply.type === 'error') return null;
      const before = last.get(key) ?? '0';
      if (name === 'INCRBYFLOAT') {
        const text = bulkText(reply);
        if (text === null)
          return `INCRBYFLOAT ${key} ${argument} replied ${formatReply(reply)}, not a number`;
        last.set(key, text);
        const expected = Number(before) + Number(argument);
        const actual = Number(text);
        if (Math.abs(actual - expected) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(expected))) return null;
        return `INCRBYFLOAT ${key} ${argument} moved ${before} to ${text}, expected about ${expected}`;
      }
      const delta = integerDelta(name, argument);
      if (delta === null) return null;
      if (reply.type !== 'integer') return `${name} ${key} replied ${formatReply(reply)}, not an integer`;
      const after = BigInt(reply.value);
      last.set(key, after.toString());
      if (!INTEGER_TEXT.test(before)) return null;
      const moved = after - BigInt(before);
      if (moved === delta) return null;
      return `${argv.join(' ')} moved the counter from ${before} to ${after} (by ${moved}), not by ${delta}`;
    },
  };
}
