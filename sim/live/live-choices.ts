/**
 * What a seed decides for a live run beyond its world config: the started server's durability
 * setting (Redis's `appendfsync` policy, or redlite-server's `--synchronous`, which is the
 * config's durability) and the kills (SIGKILL and restart), each placed at a count of ops
 * issued. Draws come from a stream of their own (`live`), so they shift no draw of the world.
 *
 * The same seed makes the same choices; the run itself does not replay (docs/live-servers.md).
 * Kills happen only to a server the tool started: it cannot restart one at an address.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import { Rng } from '../random/index.ts';
import { APPENDFSYNC_POLICIES, type DurabilitySetting } from './launch-plans.ts';
import type { LiveTarget } from './live-target.ts';

/** At most this many kills in one run: each costs a restart, seconds for a large AOF. */
export const KILLS_MAX = 3;
/** Chance that a started server is killed at all in a run (when faults are not off). */
const KILLS_RATE = 0.5;

export interface LiveChoices {
  /** Null for an address target, whose setting the tool does not know. */
  readonly setting: DurabilitySetting | null;
  /** Ops issued (over all clients) before each kill, ascending, each in [1, opsMax - 1]. */
  readonly killAtOps: readonly number[];
}

export function drawLiveChoices(
  seed: bigint,
  config: WorldConfig,
  target: LiveTarget,
  killsAllowed: boolean,
): LiveChoices {
  const rng = new Rng(seed).fork('live');
  const appendfsync = rng.pick(APPENDFSYNC_POLICIES);
  const wantsKills = rng.chance(KILLS_RATE);
  const kills = rng.int(1, KILLS_MAX);
  const points = Array.from({ length: kills }, () => rng.int(1, Math.max(1, config.opsMax - 1)));
  if (target.kind === 'address') return { setting: null, killAtOps: [] };
  const setting: DurabilitySetting =
    target.kind === 'redis'
      ? { kind: 'redis', appendfsync }
      : { kind: 'redlite-server', synchronous: config.durability };
  const killAtOps =
    killsAllowed && wantsKills && config.opsMax > 1 ? [...new Set(points)].sort((a, b) => a - b) : [];
  return { setting, killAtOps };
}
