/**
 * The human form of a world's config, printed before a run starts (docs/architecture.md, principle 6:
 * the seed is the interface, so what it decided is shown up front).
 */
import { FAULT_KINDS, faultsOn } from '../config/fault-rates.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';

export function configLines(config: WorldConfig): string[] {
  const ops = Object.keys(config.opWeights);
  const clients = config.clientProfiles
    .map(
      (profile, i) =>
        `c${i}:${profile.keyDistribution}${profile.keyDistribution === 'hot' ? `(k:${profile.hotKey})` : ''}/think<=${profile.thinkMsMax}ms`,
    )
    .join(' ');
  return [
    `seed ${config.seed}  scenario ${config.scenario}  ops ${config.opsMax}  clients ${config.clients}  durability ${config.durability}`,
    `  keys ${config.keySpaceSize}  values <=${config.valueBytesMax} B  think <=${config.thinkMsMax} ms  ` +
      `expiry rate ${config.expiryRate}  edge rate ${config.edgeRate}  time jumps ${config.timeJumpRate} (<=${config.timeJumpMsMax} ms)`,
    `  timers: expire-cycle every ${config.expireCycleMsPeriod} ms (<=${config.expireCycleKeysMax} keys), ` +
      `checkpoint every ${config.checkpointMsPeriod} ms, state check ~${config.stateCheckMsPeriod} ms (<=${config.stateChecksMax} + final)`,
    `  redlite knobs: WAL checkpoint at ${config.walCheckpointPages} pages, list position gap ${config.listPositionGap}, ` +
      `expire sample ${config.expireSampleKeys} keys`,
    deepLine(config),
    `  ops on (${ops.length}, swarm off rate ${config.opOffRate}): ${ops.join(' ')}`,
    `  clients: ${clients}`,
    faultLine(config),
  ];
}

/** Whether the seed grows deep collections, and how (scenarios/deep-collections.ts). */
function deepLine(config: WorldConfig): string {
  if (!(config.deepCollectionRate > 0)) return '  deep collections: off';
  return `  deep collections: ${config.deepCollectionRate} of growing ops, up to ${config.deepBatchMax} more elements each`;
}

/** The seed's fault rates (chance per client op), or that faults are off. */
function faultLine(config: WorldConfig): string {
  if (!faultsOn(config.faults)) return '  faults: none';
  const rates = FAULT_KINDS.filter((kind) => (config.faults[kind] ?? 0) > 0)
    .map((kind) => `${kind} ${config.faults[kind]}`)
    .join(', ');
  const strict = `${config.strictDurability ? '  strict durability' : ''}${config.strictRot === true ? '  strict rot' : ''}`;
  const rarePaths =
    config.rarePathCrashRate > 0 ? `; crash at redlite's rare paths ${config.rarePathCrashRate}` : '';
  return `  faults per op: ${rates}${rarePaths}; then ${config.livenessOps} liveness ops${strict}`;
}
