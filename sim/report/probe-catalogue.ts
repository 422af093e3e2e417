/**
 * The probe names a sweep should hit (DESIGN.md, principle 8), from the catalogues in code:
 * the faults subsystem's fault and recovery probes, the simulator's recovery probes and the
 * core's own. The reports
 * flag every catalogued probe that no seed reached.
 */
import { FAULTS_PROBE_CATALOGUE } from '../../faults/probe-catalogue.ts';
import { SIM_FAULT_PROBES } from '../fault-driver/sim-probes.ts';
import { CORE_PROBES } from '../world/world-probes.ts';

/**
 * Probes no world can reach through redlite, left out so a healthy sweep flags nothing:
 * recovery.wal_absent needs a power loss with no WAL on the platter, but the world syncs the WAL
 * header at open and redlite's PASSIVE checkpoints never truncate it (the faults unit tests
 * cover that path on raw SQLite).
 */
const UNREACHABLE_THROUGH_REDLITE: ReadonlySet<string> = new Set(['recovery.wal_absent']);

export function probeCatalogue(): string[] {
  return [...new Set<string>([...FAULTS_PROBE_CATALOGUE, ...CORE_PROBES, ...Object.values(SIM_FAULT_PROBES)])]
    .filter((name) => !UNREACHABLE_THROUGH_REDLITE.has(name))
    .sort();
}
