/**
 * Which catalogued probes a sweep's worlds can reach, so that its report judges coverage
 * against those only (docs/architecture.md, principle 8): a fault-free sweep cannot fire a
 * fault probe, and flagging every one of them "never hit" would drown the one that matters.
 *
 * A probe is out of reach, with the reason the reports print, when the catalogue says no world
 * reaches it (faults/probes.ts), when it proves a fault kind that no world of the sweep can
 * switch on (the kinds come from `--faults`, else from the named scenario's fault profile; an
 * unnamed scenario is drawn among the fault-free ones), or when it needs some fault to have
 * happened and no kind can be on: every `recovery.*` probe and the simulator's probes listed
 * in NEEDS_A_FAULT. Leaves out finer rules (which recovery path needs which kind): those
 * probes stay judged whenever any fault can fire.
 */
import { PROBE_NAMES, type ProbeName, UNREACHABLE_PROBES } from '../../faults/probes.ts';
import { FAULT_SCENARIOS, findScenario } from '../../scenarios/index.ts';
import { parseFaultList } from '../config/fault-rates.ts';
import { FAULT_KIND_ROWS, type FaultKind } from '../config/fault-vocabulary.ts';
import type { WorldOptions } from '../config/world-flags.ts';

/** Simulator probes that only a world with some fault on can hit. */
const NEEDS_A_FAULT: readonly ProbeName[] = [
  'sim.audit_corruption_excused',
  'sim.audit_versions_after_recovery',
  'sim.rare_path_crash',
];

/** The fault kinds some world of a sweep with these world options may switch on. */
export function faultKindsPossible(world: WorldOptions): readonly FaultKind[] {
  const faults = (world as { faults?: unknown }).faults;
  if (typeof faults === 'string') return parseFaultList(faults);
  if (Array.isArray(faults)) return faults as FaultKind[];
  const scenario = (world as { scenario?: unknown }).scenario;
  if (typeof scenario !== 'string') return [];
  const profile = findScenario(scenario)?.faults;
  if (profile === undefined || !FAULT_SCENARIOS.some((s) => s.name === scenario)) return [];
  return (Object.entries(profile) as [FaultKind, { onChance: number } | undefined][])
    .filter(([, range]) => (range?.onChance ?? 0) > 0)
    .map(([kind]) => kind);
}

/** The catalogued probes the sweep's worlds cannot reach, each with the reason. */
export function unreachableProbes(world: WorldOptions): Record<string, string> {
  const kinds = new Set(faultKindsPossible(world));
  const out: Record<string, string> = { ...UNREACHABLE_PROBES };
  for (const row of FAULT_KIND_ROWS) {
    if (kinds.has(row.kind as FaultKind)) continue;
    for (const probe of row.probes)
      out[probe] =
        `no world of this sweep switches on ${row.kind} (see --faults and the scenario's fault profile)`;
  }
  if (kinds.size === 0) {
    const why = 'needs a fault, and no world of this sweep switches any on';
    for (const name of PROBE_NAMES) if (name.startsWith('recovery.')) out[name] ??= why;
    for (const name of NEEDS_A_FAULT) out[name] ??= why;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
