/**
 * Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SCARD, SPOP (with count), SMOVE, SINTER,
 * SUNION, SDIFF. SPOP's choice is the one command whose answer Redis picks at random: the
 * model picks deterministically (the bytewise-smallest members) and Model.execAdopting lets
 * the caller substitute any valid observed choice.
 */
import { integer, NIL, type Reply } from '../../../redlite/reply.ts';
import { ReplyError, SYNTAX } from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { countArg } from '../numbers.ts';
import { arg, type CommandSpec, type CommandTable, EMPTY_ARRAY, ONE, text, texts, ZERO } from './types.ts';

/** The model's own SPOP choice: the bytewise-smallest `count` members (all when fewer). */
export function spopMembers(members: Set<string>, count: number): string[] {
  if (count >= members.size) return [...members];
  return [...members].sort().slice(0, count);
}

export interface SpopPlan {
  readonly key: string;
  /** null: no count argument (reply is one bulk or nil). */
  readonly count: number | null;
  readonly members: Set<string> | undefined;
}

/** Validates SPOP's arguments and reads its set, throwing Redis's error replies. */
export function planSpop(ks: Keyspace, argv: readonly string[]): SpopPlan {
  if (argv.length > 3) throw new ReplyError(SYNTAX);
  const count = argv.length === 3 ? countArg(arg(argv, 2)) : null;
  const key = arg(argv, 1);
  return { key, count, members: ks.getTyped(key, 'set')?.members };
}

/** Applies a pop of `popped` (already validated) and builds SPOP's reply. */
export function applySpop(ks: Keyspace, plan: SpopPlan, popped: readonly string[]): Reply {
  const members = plan.members;
  if (members === undefined) return plan.count === null ? NIL : EMPTY_ARRAY;
  for (const member of popped) members.delete(member);
  ks.deleteIfEmpty(plan.key, members.size);
  if (plan.count === null) return popped[0] === undefined ? NIL : text(popped[0]);
  return texts(popped);
}

function spop(ks: Keyspace, argv: readonly string[]): Reply {
  const plan = planSpop(ks, argv);
  if (plan.members === undefined) return applySpop(ks, plan, []);
  return applySpop(ks, plan, spopMembers(plan.members, plan.count ?? 1));
}

/** Every key's set (empty for a missing key), type-checking all keys first as Redis does. */
function setsOf(ks: Keyspace, argv: readonly string[]): Set<string>[] {
  const sets: Set<string>[] = [];
  for (let i = 1; i < argv.length; i++) sets.push(ks.peekTyped(arg(argv, i), 'set')?.members ?? new Set());
  return sets;
}

function combine(kind: 'inter' | 'union' | 'diff'): CommandSpec {
  return {
    arity: -2,
    run: (ks, argv) => {
      const [first = new Set<string>(), ...rest] = setsOf(ks, argv);
      const result = new Set(first);
      if (kind === 'union') for (const set of rest) for (const member of set) result.add(member);
      if (kind === 'diff') for (const set of rest) for (const member of set) result.delete(member);
      if (kind === 'inter') {
        for (const member of first) if (!rest.every((set) => set.has(member))) result.delete(member);
      }
      return texts([...result]);
    },
  };
}

export const SET_COMMANDS: CommandTable = {
  sadd: {
    arity: -3,
    run: (ks, argv) => {
      const set = ks.getOrCreate(arg(argv, 1), 'set');
      const before = set.members.size;
      for (let i = 2; i < argv.length; i++) set.members.add(arg(argv, i));
      return integer(set.members.size - before);
    },
  },
  srem: {
    arity: -3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const set = ks.getTyped(key, 'set');
      if (set === undefined) return ZERO;
      let removed = 0;
      for (let i = 2; i < argv.length; i++) if (set.members.delete(arg(argv, i))) removed++;
      ks.deleteIfEmpty(key, set.members.size);
      return integer(removed);
    },
  },
  smembers: { arity: 2, run: (ks, argv) => texts([...(ks.peekTyped(arg(argv, 1), 'set')?.members ?? [])]) },
  sismember: {
    arity: 3,
    run: (ks, argv) => (ks.peekTyped(arg(argv, 1), 'set')?.members.has(arg(argv, 2)) ? ONE : ZERO),
  },
  scard: { arity: 2, run: (ks, argv) => integer(ks.peekTyped(arg(argv, 1), 'set')?.members.size ?? 0) },
  spop: { arity: -2, run: spop },
  smove: {
    arity: 4,
    run: (ks, argv) => {
      const from = arg(argv, 1);
      const to = arg(argv, 2);
      const member = arg(argv, 3);
      const source = ks.getTyped(from, 'set');
      if (source === undefined) return ZERO;
      const target = ks.getTyped(to, 'set');
      if (from === to) return source.members.has(member) ? ONE : ZERO;
      if (!source.members.delete(member)) return ZERO;
      ks.deleteIfEmpty(from, source.members.size);
      (target ?? ks.getOrCreate(to, 'set')).members.add(member);
      return ONE;
    },
  },
  sinter: combine('inter'),
  sunion: combine('union'),
  sdiff: combine('diff'),
};
