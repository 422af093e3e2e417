/**
 * Reply comparison as the checkers and differential tests do it: RESP2 bytes after
 * normalizeReply, so "the same answer" has one definition everywhere.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { encodeResp2 } from '../../redlite/resp.ts';
import { normalizeReply } from './normalize.ts';

/** The canonical RESP2 bytes of a reply to argv. */
export function canonicalBytes(argv: readonly Arg[], reply: Reply): Buffer {
  return encodeResp2(normalizeReply(argv, reply));
}

export function sameReply(argv: readonly Arg[], a: Reply, b: Reply): boolean {
  return canonicalBytes(argv, a).equals(canonicalBytes(argv, b));
}
