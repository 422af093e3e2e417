/**
 * The shape of a command in redlite's table: Redis's arity rule (positive: exactly that many
 * arguments including the name; negative: at least that many), whether it writes (write
 * commands open their transaction up front), and the handler. Handlers get the argv as bytes,
 * indexed as in Redis's source (argv[0] is the name), and throw `ReplyError` for error replies.
 */
import type { Keyspace } from './Keyspace.ts';
import type { Reply } from './reply.ts';

export type CommandHandler = (keys: Keyspace, argv: Buffer[]) => Reply;

export interface CommandSpec {
  /** Upper-case name. */
  readonly name: string;
  readonly arity: number;
  readonly write: boolean;
  readonly handler: CommandHandler;
}

export type CommandTable = Map<string, CommandSpec>;

export function defineCommands(table: CommandTable, specs: readonly CommandSpec[]): void {
  for (const spec of specs) table.set(spec.name, spec);
}

/** ASCII case-insensitive comparison of an argument with an upper-case option name. */
export function isOption(arg: Buffer | undefined, upperName: string): boolean {
  if (arg === undefined || arg.length !== upperName.length) return false;
  for (let i = 0; i < arg.length; i++) {
    let c = arg[i]!;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== upperName.charCodeAt(i)) return false;
  }
  return true;
}
