/**
 * Every command the model knows, by lower-case name. Adding a family is one spread here.
 */
import { HASH_COMMANDS } from './commands/hashes.ts';
import { KEY_COMMANDS } from './commands/keys.ts';
import { LIST_MOVE_COMMANDS } from './commands/list-moves.ts';
import { LIST_COMMANDS } from './commands/lists.ts';
import { SET_COMMANDS } from './commands/sets.ts';
import { STRING_COMMANDS } from './commands/strings.ts';
import type { CommandSpec } from './commands/types.ts';
import { ZRANGE_COMMANDS } from './commands/zrange.ts';
import { ZSET_COMMANDS } from './commands/zsets.ts';

export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(
  Object.entries({
    ...STRING_COMMANDS,
    ...KEY_COMMANDS,
    ...LIST_COMMANDS,
    ...LIST_MOVE_COMMANDS,
    ...HASH_COMMANDS,
    ...SET_COMMANDS,
    ...ZSET_COMMANDS,
    ...ZRANGE_COMMANDS,
  }),
);

/** True when `arity` (Redis's convention) admits `argc` arguments, name included. */
export function arityAllows(arity: number, argc: number): boolean {
  return arity > 0 ? argc === arity : argc >= -arity;
}
