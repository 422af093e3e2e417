/**
 * What one `vopr chaos` run covers: the fault kinds to switch on, the workload scenario, and
 * the recovery rules to judge, from `--faults` (the spec's names or our kinds, comma
 * separated), `--preset` (a spec chaos scenario), or neither (every spec fault). A spec name
 * with no kind behind it yet is an error when asked for by name or preset; when no fault was
 * named, it is listed as skipped with its reason rather than dropped.
 */
import { FAULT_KINDS, type FaultKind, faultKindRow } from '../config/fault-vocabulary.ts';
import { SuiteOptionError } from '../suite/options.ts';
import { CHAOS_FAULTS_SCENARIO, CHAOS_PRESET_NAMES, CHAOS_PRESETS } from './presets.ts';
import { runnableSpecFault, SPEC_FAULT_NAMES, SPEC_FAULT_TABLE, type SpecFaultRow } from './spec-faults.ts';

export interface ChaosPlan {
  /** What the run is called in reports: the preset's name or the faults asked for. */
  readonly label: string;
  readonly scenario: string;
  readonly kinds: readonly FaultKind[];
  /** The rules to judge, one check each. */
  readonly rules: readonly SpecFaultRow[];
  /** Spec faults left out, each with its `needs`. */
  readonly skipped: readonly SpecFaultRow[];
}

/** One of our kinds named directly: judged by the simulator's checkers and its own probes. */
function kindRule(kind: FaultKind): SpecFaultRow {
  const row = faultKindRow(kind);
  return {
    name: kind,
    kinds: [kind],
    description: row.description,
    recovery:
      "the simulator's invariants hold (crash_recovery_consistent, wal_durability, silent_corruption, ...)",
    evidence: row.probes,
  };
}

function ruleFor(name: string): SpecFaultRow {
  if ((FAULT_KINDS as readonly string[]).includes(name)) return kindRule(name as FaultKind);
  return runnableSpecFault(name, '--faults');
}

function kindsOf(rules: readonly SpecFaultRow[]): FaultKind[] {
  return [...new Set(rules.flatMap((rule) => rule.kinds))];
}

export function chaosPlanFrom(raw: { faults?: string | undefined; preset?: string | undefined }): ChaosPlan {
  if (raw.faults !== undefined && raw.preset !== undefined) {
    throw new SuiteOptionError('--preset', raw.preset, 'give --faults or --preset, not both');
  }
  if (raw.preset !== undefined) {
    const preset = CHAOS_PRESETS.find((row) => row.name === raw.preset);
    if (preset === undefined) {
      throw new SuiteOptionError('--preset', raw.preset, `expected one of ${CHAOS_PRESET_NAMES.join(', ')}`);
    }
    const rules = preset.specFaults.map((name) => runnableSpecFault(name, `--preset ${preset.name}`));
    return { label: preset.name, scenario: preset.scenario, kinds: kindsOf(rules), rules, skipped: [] };
  }
  if (raw.faults !== undefined) {
    const names = [...new Set(raw.faults.split(',').map((part) => part.trim()))];
    if (names.length === 0 || names.some((name) => name === '')) {
      throw new SuiteOptionError(
        '--faults',
        raw.faults,
        `expected a comma list of ${SPEC_FAULT_NAMES.join(', ')} or our kinds`,
      );
    }
    const rules = names.map(ruleFor);
    return {
      label: names.join(','),
      scenario: CHAOS_FAULTS_SCENARIO,
      kinds: kindsOf(rules),
      rules,
      skipped: [],
    };
  }
  const rules = SPEC_FAULT_TABLE.filter((row) => row.needs === undefined);
  const skipped = SPEC_FAULT_TABLE.filter((row) => row.needs !== undefined);
  return {
    label: 'every spec fault',
    scenario: CHAOS_FAULTS_SCENARIO,
    kinds: kindsOf(rules),
    rules,
    skipped,
  };
}
