/**
 * Finding what a session runs for an argv, as Redis 7.0's `processCommand` does before anything
 * runs: the session's own commands first (connection state, transactions, blocking pops), then
 * redlite's table. Unknown names, unknown subcommands and wrong arities get Redis's replies.
 * Leaves out authentication and queueing, which depend on the session's state (Session.ts).
 */
import { commandName, unknownCommandMessage } from '../command-table.ts';
import type { Redlite } from '../Redlite.ts';
import type { Outcome } from './outcome.ts';
import type { Session } from './Session.ts';

export interface SessionCommand {
  /** Upper case, as looked up. */
  readonly name: string;
  /** As Redis names it in arity errors: `exec`, `client|setname`. */
  readonly fullName: string;
  readonly arity: number;
  /** Allowed before AUTH (Redis's `no-auth` flag): AUTH, HELLO, QUIT, RESET. */
  readonly noAuth: boolean;
  /** Never queued by MULTI: runs at once (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  readonly immediate: boolean;
  /** Runs the command; `inExec` is true when EXEC runs it from the queue (no blocking). */
  readonly run: (session: Session, argv: Buffer[], inExec: boolean) => Outcome;
  readonly subcommands?: ReadonlyMap<string, SessionCommand>;
}

export type Resolved =
  | { readonly kind: 'session'; readonly command: SessionCommand }
  | { readonly kind: 'redlite'; readonly name: string }
  /** Rejected before running; `exec` tells that the rejected command was EXEC itself. */
  | { readonly kind: 'rejected'; readonly message: string; readonly exec: boolean };

/** Redis prints at most this many bytes of an unknown subcommand. */
const SUBCOMMAND_TEXT_MAX = 128;

/** C's `%.Ns` of an argument: at most `max` bytes, stopping at a NUL; CR and LF become spaces. */
function cText(arg: Buffer, max: number): string {
  const nul = arg.indexOf(0);
  const end = Math.min(nul === -1 ? arg.length : nul, max);
  return arg
    .subarray(0, end)
    .toString('latin1')
    .replace(/[\r\n]/g, ' ');
}

function arityFits(arity: number, argc: number): boolean {
  return arity > 0 ? argc === arity : argc >= -arity;
}

function arityMessage(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

/** `host:` and `post` as a command name: a browser or proxy talking HTTP to the port (Redis closes). */
export function isCrossProtocolAttack(name: Buffer): boolean {
  const text = name.toString('latin1').toLowerCase();
  return text === 'host:' || text === 'post';
}

export function resolveCommand(
  table: ReadonlyMap<string, SessionCommand>,
  redlite: Redlite,
  argv: Buffer[],
): Resolved {
  if (argv.length === 0) return { kind: 'rejected', message: unknownCommandMessage(argv), exec: false };
  const name = commandName(argv[0]!);
  let command = table.get(name);
  if (command?.subcommands !== undefined && argv.length >= 2) {
    const sub = command.subcommands.get(commandName(argv[1]!));
    if (sub === undefined) {
      const container = argv[0]!.toString('latin1').toUpperCase();
      const message = `ERR unknown subcommand '${cText(argv[1]!, SUBCOMMAND_TEXT_MAX)}'. Try ${container} HELP.`;
      return { kind: 'rejected', message, exec: false };
    }
    command = sub;
  }
  if (command !== undefined) {
    if (!arityFits(command.arity, argv.length)) {
      return { kind: 'rejected', message: arityMessage(command.fullName), exec: command.name === 'EXEC' };
    }
    return { kind: 'session', command };
  }
  const info = redlite.describeCommand(name);
  if (info === undefined) return { kind: 'rejected', message: unknownCommandMessage(argv), exec: false };
  if (!arityFits(info.arity, argv.length)) {
    return { kind: 'rejected', message: arityMessage(info.name.toLowerCase()), exec: false };
  }
  return { kind: 'redlite', name };
}
