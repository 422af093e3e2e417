/**
 * Whether two replies are the same answer: the one definition, used by the world for every op.
 * The same answer means equal RESP2 bytes after the model's normalization of unordered replies
 * (sim/model/compare.ts gives those bytes, for the differential tests). Scalars compare
 * directly, which is what RESP equality means for them and spares encoding two buffers per
 * command; arrays go through normalization and encoding. The normalization is passed in, so
 * the world can use its model port's.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { encodeResp2 } from '../../redlite/resp.ts';

export type Normalize = (argv: readonly Arg[], reply: Reply) => Reply;

export function sameReply(argv: readonly Arg[], a: Reply, b: Reply, normalize: Normalize): boolean {
  if (a === b) return true;
  switch (a.type) {
    case 'simple':
    case 'error':
      return b.type === a.type && b.value === a.value;
    case 'integer':
      return b.type === 'integer' && BigInt(b.value) === BigInt(a.value);
    case 'bulk':
      if (b.type !== 'bulk') return false;
      if (a.value === null || b.value === null) return a.value === b.value;
      return a.value.equals(b.value);
    case 'array':
      if (b.type !== 'array') return false;
      return encodeResp2(normalize(argv, a)).equals(encodeResp2(normalize(argv, b)));
  }
}
