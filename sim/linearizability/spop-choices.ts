/**
 * The answers an SPOP whose reply was never seen might have given. A completed SPOP names its
 * choice and the model adopts it (Model.execAdopting); an SPOP cut off by a crash may have
 * popped any member (any `count` members), and each possibility leads to a different state, so
 * the search tries each one. Combinations are enumerated up to `choicesMax`; beyond that only
 * the model's own choice is tried and the caller is told the list was cut short.
 */
import { bulk, type Reply } from '../../redlite/reply.ts';

export interface SpopChoices {
  /** Replies to adopt, one per possible pop; empty when the model's own answer is the only one. */
  readonly replies: Reply[];
  readonly truncated: boolean;
}

const COUNT_TEXT = /^(0|[1-9][0-9]{0,8})$/;

/** `members` are the set's members (latin1 strings); `countText` SPOP's count argument, if any. */
export function spopChoices(
  members: readonly string[],
  countText: string | null,
  choicesMax: number,
): SpopChoices {
  if (countText === null) {
    if (members.length <= 1) return { replies: [], truncated: false };
    if (members.length > choicesMax) return { replies: [], truncated: true };
    return { replies: members.map((member) => memberReply(member)), truncated: false };
  }
  if (!COUNT_TEXT.test(countText)) return { replies: [], truncated: false };
  const count = Number(countText);
  if (count === 0 || count >= members.length) return { replies: [], truncated: false };
  if (binomialAbove(members.length, count, choicesMax)) return { replies: [], truncated: true };
  const replies: Reply[] = [];
  for (const chosen of combinations(members, count)) {
    replies.push({ type: 'array', value: chosen.map((member) => memberReply(member)) });
  }
  return { replies, truncated: false };
}

function memberReply(member: string): Reply {
  return bulk(Buffer.from(member, 'latin1'));
}

/** True when C(n, k) > limit, computed without overflow by stopping early. */
function binomialAbove(n: number, k: number, limit: number): boolean {
  let value = 1;
  for (let i = 1; i <= k; i++) {
    value = (value * (n - k + i)) / i;
    if (value > limit) return true;
  }
  return false;
}

/** Every k-subset of items, in lexicographic order of positions; iterative. */
function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const positions = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield positions.map((p) => items[p] as T);
    let i = k - 1;
    while (i >= 0 && positions[i] === items.length - k + i) i--;
    if (i < 0) return;
    positions[i] = (positions[i] as number) + 1;
    for (let j = i + 1; j < k; j++) positions[j] = (positions[j - 1] as number) + 1;
  }
}
