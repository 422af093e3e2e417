/**
 * Fault rates, the first level of the two-level faults of docs/architecture.md (principle 7): each seed decides
 * which fault kinds are on and how often each fires (a chance per client op). The second level
 * is the fault event itself, which carries its own seed. `--faults` overrides the first level:
 * a comma list of kinds, `none` or `all`. Scenarios without a fault profile draw all zeros.
 * The kinds, their draw order and their override rates come from the fault vocabulary
 * (fault-vocabulary.ts).
 */
import type { FaultProfile } from '../../scenarios/types.ts';
import type { Rng } from '../random/Rng.ts';
import { ConfigError } from './ConfigError.ts';
import { FAULT_KINDS, type FaultKind, faultKindRow } from './fault-vocabulary.ts';

export { FAULT_KINDS, type FaultKind } from './fault-vocabulary.ts';

/**
 * Chance per client op that a fault of each kind follows it; 0 means the kind is off. A kind
 * drawn only when named (fault-vocabulary.ts) is absent when off.
 */
export type FaultRates = Readonly<Partial<Record<FaultKind, number>>>;

export function noFaults(): FaultRates {
  return Object.fromEntries(
    FAULT_KINDS.filter((kind) => faultKindRow(kind).drawnOnlyWhenNamed !== true).map((kind) => [kind, 0]),
  ) as Record<FaultKind, number>;
}

/** The rate of `kind`, 0 when off or absent. */
export function rateOf(rates: FaultRates, kind: FaultKind): number {
  return rates[kind] ?? 0;
}

/** Whether any kind is on; a config from a trace written before faults existed has none. */
export function faultsOn(rates: FaultRates | undefined): boolean {
  return rates !== undefined && FAULT_KINDS.some((kind) => (rates[kind] ?? 0) > 0);
}

/** Parses `--faults`: a comma list of kinds, `none` or `all`; returns the kinds switched on. */
export function parseFaultList(text: string, option = '--faults'): readonly FaultKind[] {
  const trimmed = text.trim();
  if (trimmed === 'none') return [];
  if (trimmed === 'all') return FAULT_KINDS;
  const kinds = trimmed.split(',').map((part) => part.trim());
  for (const kind of kinds) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigError(option, text, `none, all, or a comma list of ${FAULT_KINDS.join(', ')}`);
    }
  }
  return [...new Set(kinds as FaultKind[])];
}

function roundRate(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Draws the seed's fault rates from the scenario's profile. Every kind is drawn even when the
 * override switches it off, so one kind's choice never shifts another's draws. A kind in the
 * profile is on with the profile's chance; its rate is drawn inside the profile's range.
 */
export function drawFaultRates(
  rng: Rng,
  profile: FaultProfile | undefined,
  override: readonly FaultKind[] | undefined,
): FaultRates {
  const rates = noFaults() as Record<FaultKind, number>;
  for (const kind of FAULT_KINDS) {
    const range = profile?.[kind];
    const named = range !== undefined || override?.includes(kind) === true;
    if (faultKindRow(kind).drawnOnlyWhenNamed === true && !named) continue;
    rates[kind] = 0;
    const on = rng.chance(range?.onChance ?? 0);
    const share = rng.float();
    const drawn = range === undefined ? 0 : roundRate(range.min + share * (range.max - range.min));
    if (override === undefined) {
      rates[kind] = on ? drawn : 0;
    } else if (override.includes(kind)) {
      rates[kind] = drawn > 0 ? drawn : faultKindRow(kind).overrideRate;
    }
  }
  return rates;
}

/** The rates with every kind that is on set to `rate` (`--fault-rate`); unchanged without one. */
export function withFaultRate(rates: FaultRates, rate: number | undefined): FaultRates {
  if (rate === undefined) return rates;
  // Kinds absent from the rates (drawn only when named) stay absent, so the config is unchanged.
  return Object.fromEntries(
    FAULT_KINDS.filter((kind) => rates[kind] !== undefined).map((kind) => [
      kind,
      rateOf(rates, kind) > 0 ? rate : 0,
    ]),
  ) as FaultRates;
}

/** Parses `--fault-rate`: a chance per client op, above 0 and at most 1. */
export function parseFaultRate(input: string | number, option = '--fault-rate'): number {
  const value = typeof input === 'number' ? input : input.trim() === '' ? Number.NaN : Number(input);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new ConfigError(option, input, 'a chance per client op above 0 and at most 1, such as 0.001');
  }
  return value;
}
