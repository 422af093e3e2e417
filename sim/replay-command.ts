/**
 * The one-line shell command that replays a seed: `bin/vopr run --seed N` and the world flags
 * that rebuild its world, in the world-flag table's order, each word quoted for a POSIX shell
 * so the line pastes as it prints. The caller decides which world fields to pin: a finished
 * run pins its scenario and op count, a sweep seed that never finished has only the sweep's
 * flags. Flags that change only output (--trace, --log-level, --json) are never part of it.
 */
import { printedFlags } from './config/flag-options.ts';
import type { WorldOptions } from './config/world-flags.ts';

/** Words made only of these need no quotes in sh, bash or zsh. */
const SHELL_SAFE = /^[A-Za-z0-9_.,:/=@%+-]+$/;

/** `text` as one shell word: bare when safe, otherwise single-quoted. */
export function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The world's flags as command-line words, unquoted: `--ops 300 --strict-durability`. */
export function worldArgs(world: WorldOptions): string[] {
  return printedFlags(world).flatMap(({ name, text }) =>
    text === null ? [`--${name}`] : [`--${name}`, text],
  );
}

export function replayCommand(seed: string | bigint, world: WorldOptions): string {
  return ['bin/vopr', 'run', '--seed', String(seed), ...worldArgs(world)].map(shellWord).join(' ');
}
