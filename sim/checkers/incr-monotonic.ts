/**
 * incr_monotonic: a counter moves by exactly the increment asked for, from its last value.
 * Checked on every increment's reply against the model, which holds the exact last value.
 */
import { familyChecker } from './mismatch.ts';

export const incrMonotonic = familyChecker('incr_monotonic', [
  'INCR',
  'DECR',
  'INCRBY',
  'DECRBY',
  'INCRBYFLOAT',
  'HINCRBY',
  'HINCRBYFLOAT',
  'ZINCRBY',
]);
