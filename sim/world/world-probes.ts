/**
 * The simulator core's own probes (DESIGN.md, principle 8): coverage marks for paths of the
 * world worth proving a sweep reaches, such as a random command's choice being adopted.
 */
import { probe } from '../../faults/probe.ts';

export const CORE_PROBES = ['sim.expire-cycle-removed', 'sim.random-adopted', 'sim.state-check'] as const;

export type CoreProbe = (typeof CORE_PROBES)[number];

export function coreProbe(name: CoreProbe): void {
  probe(name);
}
