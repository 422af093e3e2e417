/**
 * Judging a chaos run: one check for the seeds (every seed must keep every invariant under the
 * faults: a failing seed is a finding, with its replay command) and one check per recovery
 * rule. A rule passes when no seed failed and the probes that show its recovery path was taken
 * were hit: a rule whose fault never fired, or whose recovery path was never reached, was not
 * checked, and says so rather than passing. A spec fault with no kind yet is a skipped check
 * with its reason, and so is a rule not yet exercised when a signal stopped the sweep.
 */
import type { FailureRecord, SweepReport } from '../report/types.ts';
import { failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult } from '../suite/types.ts';
import type { ChaosPlan } from './plan.ts';
import type { SpecFaultRow } from './spec-faults.ts';

/** Failing seeds listed in a check's details, at most. */
const SHOWN_FAILURES_MAX = 5;

function failureLine(failure: FailureRecord): string {
  return `seed ${failure.seed}: ${failure.invariant}: ${failure.message}`;
}

function seedsCheck(plan: ChaosPlan, report: SweepReport): CheckResult {
  const { seeds, failed: failedSeeds, ops } = report.totals;
  const summary = `${seeds} seeds of ${plan.scenario} with ${plan.kinds.join(', ')} on, ${ops} ops, ${failedSeeds} failed`;
  const figures = { seeds, failed_seeds: failedSeeds, ops };
  const first = report.failures[0];
  if (first === undefined) return passed(plan.label, summary, figures, report.wall_ms);
  return failed(plan.label, summary, figures, report.wall_ms, {
    message: `${failedSeeds} of ${seeds} seeds broke an invariant under ${plan.label}`,
    details: [
      ...report.failures.slice(0, SHOWN_FAILURES_MAX).map(failureLine),
      ...report.failures.slice(1, SHOWN_FAILURES_MAX).map((failure) => `replay: ${failure.replay}`),
    ],
    replay: first.replay,
  });
}

function ruleCheck(rule: SpecFaultRow, plan: ChaosPlan, report: SweepReport): CheckResult {
  const hits = Object.fromEntries(rule.evidence.map((name) => [name, report.probes[name] ?? 0]));
  const shown = Object.entries(hits)
    .map(([name, count]) => `${name}=${count}`)
    .join(' ');
  const summary = `${rule.recovery} (${shown})`;
  const figures = Object.fromEntries(Object.entries(hits).map(([name, count]) => [`${name}_hits`, count]));
  const exercised = Object.values(hits).some((count) => count > 0);
  if (report.totals.failed > 0) {
    return failed(rule.name, summary, figures, 0, {
      message: `${report.totals.failed} of ${report.totals.seeds} seeds failed under ${plan.label} (see that check)`,
      details: [],
      replay: report.failures[0]?.replay ?? null,
    });
  }
  const stoppedBy = report.stopped_by ?? null;
  if (!exercised && stoppedBy !== null) {
    return skipped(
      rule.name,
      `stopped by ${stoppedBy} after ${report.totals.seeds} seeds, before ${rule.evidence.join(' or ')} was hit`,
    );
  }
  if (!exercised) {
    return failed(rule.name, summary, figures, 0, {
      message: `not exercised: none of ${rule.evidence.join(', ')} was hit in ${report.totals.seeds} seeds; raise --seeds or --ops`,
      details: [],
      replay: null,
    });
  }
  return passed(rule.name, summary, figures, 0);
}

export function judgeChaos(plan: ChaosPlan, report: SweepReport): CheckResult[] {
  return [
    seedsCheck(plan, report),
    ...plan.rules.map((rule) => ruleCheck(rule, plan, report)),
    ...plan.skipped.map((rule) => skipped(rule.name, `${rule.name} needs ${rule.needs}`)),
  ];
}
