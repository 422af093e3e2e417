/**
 * Every command redlite answers, by upper-case name, and the replies for names it does not
 * know or arities that do not fit (Redis checks both before the command runs).
 */
import type { CommandTable } from './command.ts';
import { registerBlockingListCommands } from './commands/blocking-lists.ts';
import { registerExpireCommands } from './commands/expire.ts';
import { registerHashCommands } from './commands/hashes.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerListMoveCommands } from './commands/list-move.ts';
import { registerListCommands } from './commands/lists.ts';
import { registerSetCommands } from './commands/sets.ts';
import { registerStringCommands } from './commands/strings.ts';
import { registerZsetCommands } from './commands/zsets.ts';

/** Redis prints at most this many bytes of the name and of the arguments in its reply. */
const UNKNOWN_COMMAND_TEXT_MAX = 128;

export function buildCommandTable(): CommandTable {
  const table: CommandTable = new Map();
  registerStringCommands(table);
  registerKeyCommands(table);
  registerExpireCommands(table);
  registerListCommands(table);
  registerListMoveCommands(table);
  registerBlockingListCommands(table);
  registerHashCommands(table);
  registerSetCommands(table);
  registerZsetCommands(table);
  return table;
}

/** ASCII-only upper case, as Redis's case-insensitive command lookup compares. */
export function commandName(arg: Buffer): string {
  let name = '';
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!;
    name += String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  }
  return name;
}

/** C's `%.Ns`: at most `max` bytes, stopping at a NUL. */
function cText(arg: Buffer, max: number): string {
  const nul = arg.indexOf(0);
  const end = Math.min(nul === -1 ? arg.length : nul, Math.max(0, max));
  return arg.subarray(0, end).toString('utf8');
}

/** `ERR unknown command '<name>', with args beginning with: '<a>' '<b>' ` as Redis 7.0 words it. */
export function unknownCommandMessage(argv: Buffer[]): string {
  let args = '';
  let argsBytes = 0;
  for (let i = 1; i < argv.length && argsBytes < UNKNOWN_COMMAND_TEXT_MAX; i++) {
    const text = cText(argv[i]!, UNKNOWN_COMMAND_TEXT_MAX - argsBytes);
    args += `'${text}' `;
    argsBytes += Buffer.byteLength(text) + 3;
  }
  const name = cText(argv[0] ?? Buffer.alloc(0), UNKNOWN_COMMAND_TEXT_MAX);
  return `ERR unknown command '${name}', with args beginning with: ${args}`.replace(/[\r\n]/g, ' ');
}
