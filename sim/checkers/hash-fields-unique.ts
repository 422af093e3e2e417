/**
 * hash_fields_unique: a hash never lists the same field twice, and reads match the model.
 * The duplicate check looks at the target's raw reply (before any normalization), so it holds
 * even where the model's comparison would be blind to order.
 */
import type { Reply } from '../../redlite/reply.ts';
import { claims, mismatchMessage } from './mismatch.ts';
import type { OpChecker } from './types.ts';

const READS = new Set(['HGETALL', 'HKEYS', 'HVALS', 'HGET', 'HMGET', 'HLEN', 'HEXISTS']);

/** The reads whose raw replies this checker inspects for duplicates. */
export const HASH_STRUCTURAL_COMMANDS: readonly string[] = ['HGETALL', 'HKEYS'];

function duplicateField(reply: Reply, stride: number): string | null {
  if (reply.type !== 'array' || reply.value === null) return null;
  const seen = new Set<string>();
  for (let i = 0; i < reply.value.length; i += stride) {
    const item = reply.value[i];
    if (item?.type !== 'bulk' || item.value === null) continue;
    const field = item.value.toString('latin1');
    if (seen.has(field)) return field;
    seen.add(field);
  }
  return null;
}

export const hashFieldsUnique: OpChecker = {
  invariant: 'hash_fields_unique',
  check: (op) => {
    if (!READS.has(op.command)) return null;
    const stride = op.command === 'HGETALL' ? 2 : op.command === 'HKEYS' ? 1 : 0;
    if (stride > 0) {
      const duplicate = duplicateField(op.actual, stride);
      if (duplicate !== null) return `${op.command} listed field ${JSON.stringify(duplicate)} twice`;
    }
    return claims(op, READS) ? mismatchMessage(op) : null;
  },
};
