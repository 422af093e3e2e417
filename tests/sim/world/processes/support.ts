/**
 * Shared helpers for the tests of worlds with several processes: a config for the `processes`
 * scenario, and op events written out by hand with their switches.
 */
import type { Arg } from '../../../../redlite/reply.ts';
import type { WorldConfig } from '../../../../sim/config/WorldConfig.ts';
import type { OpEvent } from '../../../../sim/events.ts';
import { configFor } from '../../../../sim/run.ts';

export function processesConfig(processes = 2): WorldConfig {
  return configFor({ seed: 1n, scenario: 'processes', processes });
}

/** An op `afterMs` into the world; `switch_` adds its pause or names the op it runs inside. */
export function op(
  config: WorldConfig,
  index: number,
  afterMs: number,
  client: number,
  argv: Arg[],
  switch_: { pause?: number; inside?: number } = {},
): OpEvent {
  return { index, atMs: config.epochMs + afterMs, kind: 'op', client, argv, ...switch_ };
}
