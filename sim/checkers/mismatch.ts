/**
 * The shared shape of the family checkers: "for these commands, the target's reply must equal
 * the model's". Each family checker names its own invariant so a finding says what broke.
 */
import { formatReply } from '../format-reply.ts';
import type { OpChecker, OpObservation } from './types.ts';

/** Where two bulk strings first differ, since printed values are cut short. */
function firstDifference(op: OpObservation): string {
  const a = op.actual;
  const b = op.expected;
  if (a.type !== 'bulk' || b.type !== 'bulk' || a.value === null || b.value === null) return '';
  const length = Math.min(a.value.length, b.value.length);
  let i = 0;
  while (i < length && a.value[i] === b.value[i]) i++;
  return `; first difference at byte ${i}`;
}

export function mismatchMessage(op: OpObservation): string {
  return `${op.command} replied ${formatReply(op.actual)}, the model expected ${formatReply(op.expected)}${firstDifference(op)}`;
}

/**
 * A family checker claims a mismatch only when the model expected a non-error reply: when the
 * model expected an error, the command was malformed or hit the wrong type, and the mismatch is
 * about argument checking, which reply_matches_model names.
 */
export function claims(op: OpObservation, names: ReadonlySet<string>): boolean {
  return !op.equal && op.expected.type !== 'error' && names.has(op.command);
}

export function familyChecker(invariant: string, commands: readonly string[]): OpChecker {
  const names = new Set(commands);
  return {
    invariant,
    check: (op) => (claims(op, names) ? mismatchMessage(op) : null),
  };
}
