/**
 * Validity of SRANDMEMBER answers, which Redis draws at random and which do not change state,
 * so the model has nothing to adopt: the answer must only be a possible one. Without a count:
 * one member, or nil for a missing key. With count n >= 0: min(n, size) distinct members. With
 * n < 0: exactly |n| members, repeats allowed (none for a missing key).
 */
import type { Reply } from '../../redlite/reply.ts';

function memberSet(members: Reply): Set<string> | null {
  if (members.type !== 'array' || members.value === null) return null;
  const set = new Set<string>();
  for (const item of members.value)
    if (item.type === 'bulk' && item.value !== null) set.add(item.value.toString('latin1'));
  return set;
}

/** `members` is the model's SMEMBERS reply (or its error), `countArg` the count given, if any. */
export function validSrandmember(members: Reply, countArg: string | undefined, observed: Reply): boolean {
  const set = memberSet(members);
  if (set === null) return false;
  if (countArg === undefined) {
    if (observed.type !== 'bulk') return false;
    return observed.value === null ? set.size === 0 : set.has(observed.value.toString('latin1'));
  }
  const count = Number(countArg);
  if (observed.type !== 'array' || observed.value === null) return false;
  const items: string[] = [];
  for (const item of observed.value) {
    if (item.type !== 'bulk' || item.value === null) return false;
    const member = item.value.toString('latin1');
    if (!set.has(member)) return false;
    items.push(member);
  }
  if (count >= 0) return items.length === Math.min(count, set.size) && new Set(items).size === items.length;
  return items.length === (set.size === 0 ? 0 : -count);
}
