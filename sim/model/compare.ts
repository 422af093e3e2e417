/**
 * The canonical bytes of a reply: RESP2 after normalizeReply, so two correct implementations
 * give equal bytes for the same answer. The differential tests compare the model with a real
 * Redis through these bytes. The checkers decide "the same answer" in sim/checkers/same-reply.ts,
 * the one definition of reply equality, which agrees with comparing these bytes and only skips
 * encoding for scalar replies (a test holds the two together).
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { encodeResp2 } from '../../redlite/resp.ts';
import { normalizeReply } from './normalize.ts';

/** The canonical RESP2 bytes of a reply to argv. */
export function canonicalBytes(argv: readonly Arg[], reply: Reply): Buffer {
  return encodeResp2(normalizeReply(argv, reply));
}
