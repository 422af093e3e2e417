/**
 * Building a suite report from its checks, and the one summary line every command ends with:
 * `N passed, N failed`. A skipped check counts in neither; it is listed with its reason.
 */
import {
  type CheckResult,
  SUITE_REPORT_FORMAT,
  SUITE_REPORT_VERSION,
  type SuiteReport,
  type SuiteTotals,
} from './types.ts';

export function totalsOf(checks: readonly CheckResult[]): SuiteTotals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const check of checks) {
    if (check.status === 'pass') passed++;
    else if (check.status === 'fail') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}

export function buildSuiteReport(parts: {
  command: string;
  seed: bigint | null;
  options: Readonly<Record<string, unknown>>;
  wallMs: number;
  checks: readonly CheckResult[];
  data?: Readonly<Record<string, unknown>>;
}): SuiteReport {
  return {
    format: SUITE_REPORT_FORMAT,
    version: SUITE_REPORT_VERSION,
    command: parts.command,
    seed: parts.seed === null ? null : parts.seed.toString(10),
    options: parts.options,
    wall_ms: Math.round(parts.wallMs),
    totals: totalsOf(parts.checks),
    checks: parts.checks,
    data: parts.data ?? {},
  };
}

/** The last line of every check command. */
export function passedFailedLine(totals: SuiteTotals): string {
  return `${totals.passed} passed, ${totals.failed} failed`;
}

/** 0 when nothing failed, 1 otherwise (bad input never gets this far). */
export function exitCodeOf(totals: SuiteTotals): 0 | 1 {
  return totals.failed === 0 ? 0 : 1;
}

/** A passing check. */
export function passed(
  name: string,
  summary: string,
  figures: Readonly<Record<string, number>>,
  wallMs: number,
): CheckResult {
  return {
    name,
    status: 'pass',
    summary,
    figures,
    failure: null,
    skip_reason: null,
    wall_ms: Math.round(wallMs),
  };
}

/** A failing check with what replays it. */
export function failed(
  name: string,
  summary: string,
  figures: Readonly<Record<string, number>>,
  wallMs: number,
  failure: CheckResult['failure'],
): CheckResult {
  return { name, status: 'fail', summary, figures, failure, skip_reason: null, wall_ms: Math.round(wallMs) };
}

/** A check that did not run, and why. */
export function skipped(name: string, reason: string): CheckResult {
  return {
    name,
    status: 'skip',
    summary: reason,
    figures: {},
    failure: null,
    skip_reason: reason,
    wall_ms: 0,
  };
}
