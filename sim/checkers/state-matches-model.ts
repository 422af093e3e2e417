/**
 * state_matches_model: the target's full state equals the model's, key by key: same keys, same
 * types, same values, same PTTL. Run at seeded state-check timers and at the end of a run, not
 * after every op, because a dump costs a read per key. A live key the model had expired is
 * named as expire_removes_key instead, and a key whose TTL grew as ttl_monotonic_decrease.
 * Diffs name at most a few keys, enough to start from.
 */
import { isKeyName } from '../clients/key-names.ts';
import type { ExpiryShadow } from './ExpiryShadow.ts';
import type { KeyState } from './state-dump.ts';

export const STATE_INVARIANT = 'state_matches_model';
export const EXPIRY_STATE_INVARIANT = 'expire_removes_key';
export const TTL_STATE_INVARIANT = 'ttl_monotonic_decrease';

function pttlValue(text: string): number {
  return Number(text.replace(/^:/, ''));
}

/** True when the target's remaining TTL is longer than the model's: a deadline moved later. */
function ttlGrew(actual: KeyState, expected: KeyState): boolean {
  const target = pttlValue(actual.pttl);
  const model = pttlValue(expected.pttl);
  return target >= 0 && (model === -1 || target > model);
}

const DIFFS_SHOWN_MAX = 5;

export interface StateVerdict {
  readonly invariant: string;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
}

function show(state: KeyState | undefined): string {
  if (state === undefined) return '(absent)';
  const value =
    state.value.length > 120 ? `${state.value.slice(0, 120)}... (${state.value.length} chars)` : state.value;
  return `${state.type} pttl=${state.pttl} ${JSON.stringify(value)}`;
}

export function compareStates(
  actual: Map<string, KeyState>,
  expected: Map<string, KeyState>,
  expiry: ExpiryShadow,
  nowMs: number,
): StateVerdict | null {
  const keys = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  const diffs: string[] = [];
  let expiredSeen: string | null = null;
  let ttlGrown: string | null = null;
  for (const key of keys) {
    const a = actual.get(key);
    const e = expected.get(key);
    if (a !== undefined && e !== undefined && a.type === e.type && a.pttl === e.pttl && a.value === e.value)
      continue;
    if (a !== undefined && e === undefined && isKeyName(key) && expiry.expired(key, nowMs))
      expiredSeen ??= key;
    if (a !== undefined && e !== undefined && a.type === e.type && a.value === e.value && ttlGrew(a, e)) {
      ttlGrown ??= key;
    }
    diffs.push(`${key}: target ${show(a)}, model ${show(e)}`);
  }
  if (diffs.length === 0) return null;
  const shown = diffs.slice(0, DIFFS_SHOWN_MAX).join('; ');
  const more = diffs.length > DIFFS_SHOWN_MAX ? ` (and ${diffs.length - DIFFS_SHOWN_MAX} more keys)` : '';
  const first = keys.find((key) => diffs[0]?.startsWith(`${key}:`)) ?? '';
  const named = expiredSeen ?? ttlGrown ?? first;
  const verdict = { expected: show(expected.get(named)), actual: show(actual.get(named)) };
  if (expiredSeen !== null) {
    const deadline = expiry.deadlineMs(expiredSeen) as number;
    return {
      invariant: EXPIRY_STATE_INVARIANT,
      message: `state check: ${expiredSeen} expired ${nowMs - deadline} ms ago but is still live; ${diffs.length} key(s) differ: ${shown}${more}`,
      ...verdict,
    };
  }
  if (ttlGrown !== null) {
    return {
      invariant: TTL_STATE_INVARIANT,
      message: `state check: ${ttlGrown} has a longer TTL than the model's; ${diffs.length} key(s) differ: ${shown}${more}`,
      ...verdict,
    };
  }
  return {
    invariant: STATE_INVARIANT,
    message: `state check: ${diffs.length} key(s) differ: ${shown}${more}`,
    ...verdict,
  };
}
