/**
 * The probe names a sweep report lists (docs/architecture.md, principle 8): the reachable
 * probes of the one catalogue, faults/probes.ts. The reports flag every one that no seed
 * reached. Probes the catalogue marks unreachable through redlite are left out, so a healthy
 * sweep flags nothing; the catalogue says why each one is unreachable.
 */
import { REACHABLE_PROBE_NAMES } from '../../faults/probes.ts';

export function probeCatalogue(): string[] {
  return [...REACHABLE_PROBE_NAMES];
}
