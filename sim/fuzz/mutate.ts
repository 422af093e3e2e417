/**
 * The fuzzer's mutations, all drawn from one seeded stream so a run replays from its seed and
 * corpus: bit flips, byte sets (random or interesting: 0, 0xff, digits, separators), byte
 * inserts and deletes, duplicated chunks, dictionary tokens inserted or written over, numbers
 * swapped for edge numbers, and splices with another corpus entry. One mutant stacks 1 to 8
 * of them, as libFuzzer and AFL do, and is cut to `inputBytesMax`.
 */
import type { Rng } from '../random/Rng.ts';

const INTERESTING_BYTES = [
  0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x0d, 0x22, 0x27, 0x2d, 0x30, 0x39, 0x3a, 0x5c,
];
const EDGE_NUMBERS = [
  '0',
  '-1',
  '1',
  '-0',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '18446744073709551615',
  '4294967296',
  '1e308',
  '-1e308',
  '1e-320',
  'inf',
  '-inf',
  'nan',
  '0.1',
];
const STACK_MAX = 8;
const CHUNK_BYTES_MAX = 16;

export interface MutationContext {
  readonly rng: Rng;
  readonly dictionary: readonly Buffer[];
  /** Another corpus entry to splice with. */
  other(): Buffer;
  readonly inputBytesMax: number;
}

type Mutation = (input: Buffer, ctx: MutationContext) => Buffer;

function position(input: Buffer, ctx: MutationContext, includeEnd = false): number {
  return ctx.rng.int(0, Math.max(0, input.length - (includeEnd ? 0 : 1)));
}

function insertAt(input: Buffer, at: number, bytes: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, at), bytes, input.subarray(at)]);
}

function withByte(input: Buffer, at: number, value: number): Buffer {
  const out = Buffer.from(input);
  out[at] = value;
  return out;
}

const MUTATIONS: readonly Mutation[] = [
  (input, ctx) => {
    if (input.length === 0) return input;
    const at = position(input, ctx);
    return withByte(input, at, (input[at] as number) ^ (1 << ctx.rng.int(0, 7)));
  },
  (input, ctx) => (input.length === 0 ? input : withByte(input, position(input, ctx), ctx.rng.int(0, 255))),
  (input, ctx) =>
    input.length === 0 ? input : withByte(input, position(input, ctx), ctx.rng.pick(INTERESTING_BYTES)),
  (input, ctx) => insertAt(input, position(input, ctx, true), ctx.rng.bytes(ctx.rng.int(1, 4))),
  (input, ctx) => insertAt(input, position(input, ctx, true), Buffer.of(ctx.rng.pick(INTERESTING_BYTES))),
  (input, ctx) => {
    if (input.length === 0) return input;
    const at = position(input, ctx);
    const length = ctx.rng.int(1, Math.min(CHUNK_BYTES_MAX, input.length - at));
    return Buffer.concat([input.subarray(0, at), input.subarray(at + length)]);
  },
  (input, ctx) => {
    if (input.length === 0) return input;
    const from = position(input, ctx);
    const chunk = input.subarray(from, from + ctx.rng.int(1, CHUNK_BYTES_MAX));
    return insertAt(input, position(input, ctx, true), Buffer.from(chunk));
  },
  (input, ctx) =>
    ctx.dictionary.length === 0
      ? input
      : insertAt(input, position(input, ctx, true), ctx.rng.pick(ctx.dictionary)),
  (input, ctx) => {
    if (ctx.dictionary.length === 0 || input.length === 0) return input;
    const token = ctx.rng.pick(ctx.dictionary);
    const at = position(input, ctx);
    return Buffer.concat([input.subarray(0, at), token, input.subarray(at + token.length)]);
  },
  (input, ctx) => {
    const text = input.toString('latin1');
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
    if (numbers.length === 0)
      return insertAt(input, position(input, ctx, true), Buffer.from(ctx.rng.pick(EDGE_NUMBERS)));
    const found = ctx.rng.pick(numbers);
    const start = found.index ?? 0;
    return Buffer.concat([
      input.subarray(0, start),
      Buffer.from(ctx.rng.pick(EDGE_NUMBERS)),
      input.subarray(start + found[0].length),
    ]);
  },
  (input, ctx) => {
    const other = ctx.other();
    return Buffer.concat([
      input.subarray(0, position(input, ctx, true)),
      other.subarray(position(other, ctx, true)),
    ]);
  },
];

/** A mutant of `input`: 1 to STACK_MAX stacked mutations, at most `inputBytesMax` bytes. */
export function mutate(input: Buffer, ctx: MutationContext): Buffer {
  let out = input;
  const stack = 1 << ctx.rng.int(0, Math.log2(STACK_MAX));
  for (let i = 0; i < stack; i++) out = (ctx.rng.pick(MUTATIONS) as Mutation)(out, ctx);
  return out.length > ctx.inputBytesMax ? out.subarray(0, ctx.inputBytesMax) : out;
}
