/**
 * expire_removes_key: once a key's deadline has passed, no command sees it. A command that
 * names a key the model had already expired, and whose reply differs from the model's, has
 * shown an expired key (or its absence wrongly): the finding is named for expiry, not for the
 * command's family. The state checker applies the same rule to full-state dumps. It does not
 * judge when active expiry deletes keys, only that expired keys stay invisible.
 */
import { isKeyName } from '../clients/key-names.ts';
import { formatReply } from '../format-reply.ts';
import type { OpChecker } from './types.ts';

export const expireRemovesKey: OpChecker = {
  invariant: 'expire_removes_key',
  check: (op) => {
    if (op.equal) return null;
    for (const arg of op.event.argv) {
      if (!isKeyName(arg) || !op.expiry.expired(arg, op.nowMs)) continue;
      const deadline = op.expiry.deadlineMs(arg) as number;
      return (
        `${op.command} on ${arg}, expired ${op.nowMs - deadline} ms ago, replied ${formatReply(op.actual)}; ` +
        `the model expected ${formatReply(op.expected)}`
      );
    }
    return null;
  },
};
