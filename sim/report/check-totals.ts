/**
 * Checks that a shard report's figures agree with one another before a merge trusts them: a
 * report written by a sweep always agrees, so a disagreement means the file was edited by hand
 * or damaged, and the merge refuses it rather than adding up numbers nobody can vouch for.
 *
 * Checked: passed plus failed make the seeds; the scenarios add up to the totals; the shards'
 * seed counts add up to the seeds; the signatures count every failure; and, when the report
 * kept every seed's record, the records give the same counts, ops and virtual time. Leaves out
 * rates and timings (derived, and harmless when wrong) and the failures list (cut at a bound).
 */
import { ReportInputError } from './read-report.ts';
import type { ScenarioTotals, SweepReport } from './types.ts';

function disagree(path: string, what: string, stated: number, counted: number): ReportInputError {
  return new ReportInputError(
    path,
    `its ${what} say ${stated} but its own records give ${counted}: was the report edited? (refusing to merge it)`,
  );
}

export function checkTotals(path: string, report: SweepReport): void {
  const t = report.totals;
  if (t.passed + t.failed !== t.seeds) throw disagree(path, 'totals (seeds)', t.seeds, t.passed + t.failed);
  const byScenario: ScenarioTotals = { seeds: 0, passed: 0, failed: 0, ops: 0, virtual_ms: 0 };
  for (const each of Object.values(report.scenarios)) {
    byScenario.seeds += each.seeds;
    byScenario.passed += each.passed;
    byScenario.failed += each.failed;
    byScenario.ops += each.ops;
    byScenario.virtual_ms += each.virtual_ms;
  }
  for (const field of ['seeds', 'passed', 'failed', 'ops', 'virtual_ms'] as const) {
    if (byScenario[field] !== t[field])
      throw disagree(path, `totals (${field})`, t[field], byScenario[field]);
  }
  const shardSeeds = report.shards.reduce((sum, shard) => sum + shard.seeds, 0);
  if (shardSeeds !== t.seeds) throw disagree(path, 'totals (seeds)', t.seeds, shardSeeds);
  const signed = report.signatures.reduce((sum, signature) => sum + signature.count, 0);
  if (signed !== t.failed) throw disagree(path, 'totals (failed)', t.failed, signed);
  if (!report.results_complete) return;
  const counted: ScenarioTotals = { seeds: 0, passed: 0, failed: 0, ops: 0, virtual_ms: 0 };
  for (const record of report.results) {
    counted.seeds++;
    if (record.result === 'pass') counted.passed++;
    else counted.failed++;
    counted.ops += record.ops;
    counted.virtual_ms += record.virtual_ms;
  }
  for (const field of ['seeds', 'passed', 'failed', 'ops', 'virtual_ms'] as const) {
    if (counted[field] !== t[field]) throw disagree(path, `totals (${field})`, t[field], counted[field]);
  }
}
