/**
 * The probe names a sweep should hit (DESIGN.md, principle 8), from the catalogues in code:
 * the faults subsystem's fault and recovery probes and the simulator core's own. The reports
 * flag every catalogued probe that no seed reached.
 */
import { FAULTS_PROBE_CATALOGUE } from '../../faults/probe-catalogue.ts';
import { CORE_PROBES } from '../world/world-probes.ts';

export function probeCatalogue(): string[] {
  return [...new Set<string>([...FAULTS_PROBE_CATALOGUE, ...CORE_PROBES])].sort();
}
