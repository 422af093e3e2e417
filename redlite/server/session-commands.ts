/**
 * The commands a session answers itself, with Redis 7.0's arities and flags; everything else
 * goes to redlite's own table. `noAuth` commands run before AUTH; `immediate` ones are never
 * queued by MULTI. CLIENT is a container, as in Redis: its subcommands have their own arities.
 */
import { blmove, blpop, brpop, brpoplpush } from './blocking-commands.ts';
import type { SessionCommand } from './command-lookup.ts';
import {
  auth,
  clientGetName,
  clientHelp,
  clientId,
  clientSetName,
  hello,
  info,
  quit,
  reset,
  select,
} from './connection-commands.ts';

type Flags = Partial<Pick<SessionCommand, 'noAuth' | 'immediate' | 'subcommands'>>;

function command(name: string, arity: number, run: SessionCommand['run'], flags: Flags = {}): SessionCommand {
  return {
    name,
    fullName: name.toLowerCase(),
    arity,
    noAuth: flags.noAuth ?? false,
    immediate: flags.immediate ?? false,
    run,
    ...(flags.subcommands === undefined ? {} : { subcommands: flags.subcommands }),
  };
}

function subcommand(
  container: string,
  name: string,
  arity: number,
  run: SessionCommand['run'],
): SessionCommand {
  return { ...command(name, arity, run), fullName: `${container}|${name}`.toLowerCase() };
}

const CLIENT_SUBCOMMANDS = new Map(
  [
    subcommand('CLIENT', 'ID', 2, clientId),
    subcommand('CLIENT', 'GETNAME', 2, clientGetName),
    subcommand('CLIENT', 'SETNAME', 3, clientSetName),
    subcommand('CLIENT', 'HELP', 2, clientHelp),
  ].map((sub) => [sub.name, sub]),
);

export const SESSION_COMMANDS: ReadonlyMap<string, SessionCommand> = new Map(
  [
    command('MULTI', 1, (session) => session.multiCommand(), { immediate: true }),
    command('EXEC', 1, (session) => session.execCommand(), { immediate: true }),
    command('DISCARD', 1, (session) => session.discardCommand(), { immediate: true }),
    command('WATCH', -2, (session, argv) => session.watchCommand(argv), { immediate: true }),
    command('UNWATCH', 1, (session) => session.unwatchCommand()),
    command('SELECT', 2, select),
    command('AUTH', -2, auth, { noAuth: true }),
    command('HELLO', -1, hello, { noAuth: true }),
    command('CLIENT', -2, clientHelp, { subcommands: CLIENT_SUBCOMMANDS }),
    command('INFO', -1, info),
    command('QUIT', -1, quit, { noAuth: true, immediate: true }),
    command('RESET', 1, reset, { noAuth: true, immediate: true }),
    command('BLPOP', -3, blpop),
    command('BRPOP', -3, brpop),
    command('BLMOVE', 6, blmove),
    command('BRPOPLPUSH', 4, brpoplpush),
  ].map((spec) => [spec.name, spec]),
);
