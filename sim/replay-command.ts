/**
 * The one-line shell command that replays a run: the seed, the scenario, the op count, and
 * every other flag the run was given that changes the world. Flags that only change output
 * (--json, --trace, --log-level) are left out.
 */
import type { WorldConfig } from './config/WorldConfig.ts';
import type { RunOptions } from './run-types.ts';

export function replayCommand(options: RunOptions, config: WorldConfig): string {
  const parts = [
    'bin/vopr',
    'run',
    '--seed',
    config.seed,
    '--scenario',
    config.scenario,
    '--ops',
    String(config.opsMax),
  ];
  if (options.clients !== undefined) parts.push('--clients', String(options.clients));
  if (options.durability !== undefined) parts.push('--durability', options.durability);
  if (options.faults !== undefined) parts.push('--faults', options.faults);
  if (options.strictDurability === true) parts.push('--strict-durability');
  return parts.join(' ');
}
