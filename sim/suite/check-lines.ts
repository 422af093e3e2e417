/**
 * The human form of a check result, shared by every check command so results read the same
 * everywhere: one line per check (`PASS  name  summary  (time)`), and for a failure its
 * message, its details indented, and the replay command. A skipped check shows its reason.
 */
import { formatDurationMs } from '../duration.ts';
import type { CheckResult } from './types.ts';

const VERDICT: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

export function checkLines(result: CheckResult): string[] {
  const time = result.status === 'skip' ? '' : `  (${formatDurationMs(result.wall_ms)})`;
  const lines = [`${VERDICT[result.status]}  ${result.name}  ${result.summary}${time}`];
  const failure = result.failure;
  if (failure === null) return lines;
  lines.push(`  ${failure.message}`);
  for (const detail of failure.details) lines.push(`    ${detail}`);
  if (failure.replay !== null) lines.push(`  replay: ${failure.replay}`);
  return lines;
}
