/**
 * Human lines for the trace tools' reports: a shrink summary with one line per pass, and a
 * bisect result with the diverging event, its neighbours and the state diff. Printing only:
 * the CLI commands pass these lines to the output. A failure itself prints through
 * sim/failure-lines.ts, as everywhere else.
 */
import { eventReportLine } from '../failure-lines.ts';
import { formatArgv } from '../format-reply.ts';
import type { BisectResult } from './bisect.ts';
import type { ShrinkOutcome } from './shrink-engine.ts';

export function shrinkLines(outcome: ShrinkOutcome<unknown>): string[] {
  const seconds = (outcome.elapsedMs / 1000).toFixed(2);
  const lines = [
    `shrunk ${outcome.originalCount} events to ${outcome.events.length} in ${outcome.runs} runs, ${seconds} s` +
      (outcome.budgetExhausted ? ' (budget spent: smaller may exist)' : ''),
  ];
  for (const pass of outcome.passes) {
    if (pass.runs === 0) continue;
    lines.push(
      `  ${pass.name.padEnd(24)} ${pass.eventsBefore} -> ${pass.eventsAfter} events, ${pass.runs} runs`,
    );
  }
  return lines;
}

export function bisectLines(result: BisectResult, epochMs: number): string[] {
  const { failure, divergedAt, failingPosition } = result;
  const indexAt = (position: number | null): string =>
    String(result.neighbourhood.find((entry) => entry.position === position)?.entry.event.index ?? '?');
  const lines: string[] = [`failure: ${failure.invariant} at event ${failure.event_index}`];
  if (divergedAt !== null)
    lines.push(
      `first diverging event: #${indexAt(divergedAt)} (the ${ordinal(divergedAt + 1)} event of the trace)`,
    );
  if (failingPosition !== null) {
    lines.push(
      result.divergedBeforeFailure
        ? `state had already diverged before the failing event: after #${indexAt(divergedAt)}, ${failingPosition - (divergedAt as number)} event(s) earlier`
        : 'state still matched the model just before the failing event: the failure is the first disagreement',
    );
  }
  lines.push('events around it (>> diverging event, !! failing event):');
  for (const { position, entry } of result.neighbourhood) {
    const mark = position === divergedAt ? '>>' : position === failingPosition ? '!!' : '  ';
    lines.push(`${mark} ${eventReportLine(entry, epochMs)}`);
  }
  const shown = result.neighbourhood.some(({ position }) => position === failingPosition);
  if (!shown && result.failingEntry !== null)
    lines.push('   ...', `!! ${eventReportLine(result.failingEntry, epochMs)}`);
  if (result.stateDiff !== null)
    lines.push('state diff just after it (target vs model):', `  ${result.stateDiff.message}`);
  if (result.lost !== null) {
    const { writes, keys } = result.lost;
    lines.push(
      `lost by the power loss: the last ${writes.length} acknowledged write(s) before it, on key(s) ${formatArgv(keys)}:`,
    );
    for (const write of writes) lines.push(`  #${write.index} c${write.client} ${formatArgv(write.argv)}`);
  }
  const probes = result.probes.map(
    (probe) => `${probe.length}:${probe.failure === null ? 'same' : 'diverged'}`,
  );
  lines.push(`${result.probes.length} probes (prefix length:state): ${probes.join(' ')}`);
  return lines;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
