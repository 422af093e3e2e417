/**
 * Model: the simulator's reference implementation of the Redis 7.0 commands redlite serves,
 * in memory, on the caller's clock. It shares only the Reply vocabulary, the RESP encoder and
 * the Clock interface with redlite, so a bug in redlite cannot hide by being copied here.
 *
 * `exec` answers exactly as redis-server 7.0.15 would (the differential tests hold it to
 * that). `execAdopting` exists for SPOP, whose answer Redis draws at random: a valid observed
 * answer is applied instead of the model's own deterministic choice.
 */
import type { Clock } from '../../redlite/clock.ts';
import { type Arg, error, type Reply } from '../../redlite/reply.ts';
import { arityAllows, COMMANDS } from './command-table.ts';
import { applySpop, planSpop, spopMembers } from './commands/sets.ts';
import type { CommandSpec } from './commands/types.ts';
import { arityError, ReplyError, unknownCommandError } from './errors.ts';
import { Keyspace } from './Keyspace.ts';
import { argText } from './parse.ts';
import { type DumpedKey, dumpKeyspace } from './state-dump.ts';

export interface ModelOptions {
  readonly clock: Clock;
}

/** Redis's default `databases`: SELECT takes 0 to 15. */
export const DATABASE_COUNT = 16;

export class Model {
  readonly clock: Clock;
  /** Database 0 always; the others are made when first used, so most worlds keep one. */
  private readonly keyspaces: Keyspace[];

  constructor(options: ModelOptions, keyspace?: Keyspace, others: readonly Keyspace[] = []) {
    this.clock = options.clock;
    this.keyspaces = [keyspace ?? new Keyspace(options.clock), ...others];
  }

  private get keyspace(): Keyspace {
    return this.keyspaces[0]!;
  }

  /** The keyspace of database `db` (0 to 15), made empty on first use. */
  database(db: number): Keyspace {
    if (!Number.isInteger(db) || db < 0 || db >= DATABASE_COUNT) throw new RangeError(`no database ${db}`);
    for (let i = this.keyspaces.length; i <= db; i++) this.keyspaces.push(new Keyspace(this.clock));
    return this.keyspaces[db]!;
  }

  /** The databases made so far (0 first); any later one is empty. */
  get databaseCount(): number {
    return this.keyspaces.length;
  }

  exec(argv: Arg[], db = 0): Reply {
    const args = argv.map(argText);
    const keyspace = db === 0 ? this.keyspace : this.database(db);
    return this.run(args, (spec) => spec.run(keyspace, args));
  }

  /**
   * For SPOP: applies `observed` when it is a valid answer for the current state, otherwise the
   * model's own choice. Every other command is exactly `exec`.
   */
  execAdopting(argv: Arg[], observed: Reply, db = 0): { reply: Reply; adopted: boolean } {
    const args = argv.map(argText);
    if ((args[0] ?? '').toLowerCase() !== 'spop') return { reply: this.exec(argv, db), adopted: false };
    let adopted = false;
    const keyspace = this.database(db);
    const reply = this.run(args, () => {
      const plan = planSpop(keyspace, args);
      if (plan.members === undefined) return applySpop(keyspace, plan, []);
      const choice = validSpopChoice(plan.members, plan.count, observed);
      adopted = choice !== null;
      return applySpop(keyspace, plan, choice ?? spopMembers(plan.members, plan.count ?? 1));
    });
    return { reply, adopted };
  }

  /**
   * Every live key's state in database `db`, as the checkers' command-driven dump reads it
   * (state-dump.ts). Like `exec` in that database, it makes the database on first use.
   */
  dumpState(db = 0): Map<string, DumpedKey> {
    return dumpKeyspace(db === 0 ? this.keyspace : this.database(db));
  }

  /** A deep, independent copy on the same clock. */
  clone(): Model {
    const [first, ...others] = this.keyspaces.map((keyspace) => keyspace.clone());
    return new Model({ clock: this.clock }, first, others);
  }

  /** Looks the command up, checks its arity, runs `body` and turns a ReplyError into a reply. */
  private run(args: readonly string[], body: (spec: CommandSpec) => Reply): Reply {
    const name = (args[0] ?? '').toLowerCase();
    const spec = COMMANDS.get(name);
    if (spec === undefined) return error(unknownCommandError(args));
    if (!arityAllows(spec.arity, args.length)) return error(arityError(name));
    try {
      return body(spec);
    } catch (thrown) {
      if (thrown instanceof ReplyError) return error(thrown.message);
      throw thrown;
    }
  }
}

/** The members an observed SPOP reply names, when they are a valid pop from `members`. */
function validSpopChoice(members: Set<string>, count: number | null, observed: Reply): string[] | null {
  if (count === null) {
    if (observed.type !== 'bulk' || observed.value === null) return null;
    const member = observed.value.toString('latin1');
    return members.has(member) ? [member] : null;
  }
  if (observed.type !== 'array' || observed.value === null) return null;
  if (observed.value.length !== Math.min(count, members.size)) return null;
  const chosen = new Set<string>();
  for (const item of observed.value) {
    if (item.type !== 'bulk' || item.value === null) return null;
    const member = item.value.toString('latin1');
    if (!members.has(member) || chosen.has(member)) return null;
    chosen.add(member);
  }
  return [...chosen];
}
