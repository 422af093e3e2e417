/**
 * reply_matches_model: every reply equals the model's, as normalized RESP2 bytes. This is the
 * catch-all that runs after the family checkers, so any mismatch they do not claim lands here.
 * Random commands (SPOP) were already judged for validity when the model
 * adopted the target's choice; a choice the model refused is reported here too.
 */
import { mismatchMessage } from './mismatch.ts';
import type { OpChecker } from './types.ts';

export const replyMatchesModel: OpChecker = {
  invariant: 'reply_matches_model',
  check: (op) => (op.equal ? null : mismatchMessage(op)),
};
