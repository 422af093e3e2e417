/**
 * The one-line command that replays a seed under a sweep's world flags. A seed that finished
 * brings its own (RunResult.replay); this is for seeds that never finished, because their
 * worker died or hung, so nobody else could write it.
 */
import type { WorldOptions } from './protocol.ts';

function quoted(text: string): string {
  return /^[A-Za-z0-9_.,:/=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** Command-line flags for world options, in a fixed order, omitting those left to the seed. */
export function worldFlags(world: WorldOptions): string[] {
  const flags: string[] = [];
  if (world.scenario !== undefined) flags.push('--scenario', quoted(world.scenario));
  if (world.opsMax !== undefined) flags.push('--ops', String(world.opsMax));
  if (world.clients !== undefined) flags.push('--clients', String(world.clients));
  if (world.durability !== undefined) flags.push('--durability', world.durability);
  if (world.faults !== undefined) flags.push('--faults', quoted(world.faults));
  if (world.strictDurability === true) flags.push('--strict-durability');
  return flags;
}

export function replayCommand(seed: string, world: WorldOptions): string {
  return ['bin/vopr', 'run', '--seed', seed, ...worldFlags(world)].join(' ');
}
