/**
 * One smoke scenario as a world: a config and a scripted event list that the simulator's own
 * executor runs (sim/execute-events.ts), so a smoke check is judged exactly like `vopr run`:
 * every reply against the model through the op checkers, and a full-state comparison at the
 * end. The seed of each scenario is derived from the smoke seed and the scenario's name, so
 * `--filter` never changes what another scenario runs.
 *
 * The config comes from the seed with the scenario's key count and op count pinned, one
 * client, no faults, no edge cases and no expiry: smoke checks the basics. What still varies
 * with the seed is the durability mode and the checkpoint size, which is cheap coverage.
 * A restarting scenario ends its writes with a `clean-restart` event (cleanRestart below):
 * a clean close and a reopen on the same file, then one GET per key.
 */

import { drawConfig } from '../config/draw-config.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { OpEvent, SimEvent } from '../events.ts';
import { OPS, opByName } from '../ops/index.ts';
import { createTestOpContext } from '../ops/test-context.ts';
import { Rng } from '../random/index.ts';
import { deriveSeed } from '../random/splitmix64.ts';
import type { Applied, FaultHandler } from '../world/World.ts';
import type { SmokeScenario } from './scenarios.ts';

export const CLEAN_RESTART = 'clean-restart';

/** Virtual time between two smoke ops: enough to order them, too little for any TTL to matter. */
const OP_SPACING_MS = 1;

export interface SmokeWorld {
  readonly config: WorldConfig;
  readonly events: readonly SimEvent[];
}

export class SmokeEventError extends Error {
  constructor(fault: string) {
    super(`smoke worlds handle only ${CLEAN_RESTART} fault events, not ${JSON.stringify(fault)}`);
    this.name = 'SmokeEventError';
  }
}

export function scenarioSeed(seed: bigint, scenario: SmokeScenario): bigint {
  return deriveSeed(seed, `smoke:${scenario.name}`);
}

export function smokeWorld(scenario: SmokeScenario, seed: bigint): SmokeWorld {
  const ownSeed = scenarioSeed(seed, scenario);
  const readBack = scenario.restart ? scenario.keys : 0;
  const config = drawConfig(
    ownSeed,
    {
      scenario: 'mixed',
      faults: [],
      knobs: {
        clients: 1,
        keySpaceSize: scenario.keys,
        opsMax: scenario.iterations + readBack,
        edgeRate: 0,
        expiryRate: 0,
        stateChecksMax: 0,
      },
    },
    OPS,
  );
  const rng = new Rng(ownSeed).fork('smoke-ops');
  let atMs = config.epochMs;
  const ctx = createTestOpContext({
    rng,
    keyCount: scenario.keys,
    nowMs: () => atMs,
    edgeRate: 0,
    expiryRate: 0,
    keyPrefix: 'k:',
  });
  const specs = scenario.commands.map(opByName);
  const events: SimEvent[] = [];
  const push = (argvAt: () => OpEvent['argv']): void => {
    // Time moves first, so a generator reading ctx.nowMs sees its own op's time.
    atMs += OP_SPACING_MS;
    events.push({ kind: 'op', index: events.length, atMs, client: 0, argv: argvAt() });
  };
  for (let i = 0; i < scenario.iterations; i++) push(() => rng.pick(specs).generate(ctx));
  if (scenario.restart) {
    atMs += OP_SPACING_MS;
    events.push({ kind: 'fault', index: events.length, atMs, fault: CLEAN_RESTART, seed: '0' });
    for (let key = 0; key < scenario.keys; key++) push(() => ['GET', `k:${key}`]);
  }
  return { config, events };
}

/** A clean close (checkpoint and all) and a reopen on the same file: a restart, not a crash. */
export const cleanRestart: FaultHandler = (event, world): Applied => {
  if (event.fault !== CLEAN_RESTART) throw new SmokeEventError(event.fault);
  world.target.close();
  world.restart(world.storage.dbPath());
  return { reply: null, failure: null };
};
