/**
 * The human form of a failure, shared by every command that prints one (run, replay, shrink,
 * bisect and the sweep), so a failure reads the same wherever it turns up: the invariant and
 * the event, the message, and the failing op with the model's and the target's replies; and
 * one line per traced event, for the tails and neighbourhoods printed around it.
 *
 * It leaves out what only one command prints (the last events of `vopr run`, the seed of a
 * sweep, the replay command), which those commands add around these lines.
 */
import { formatArgv, formatReply } from './format-reply.ts';
import type { TracedEvent } from './trace/format.ts';

/**
 * What every failure record carries: RunResult's failure and the sweep report's failure
 * record both fit. The failing op is its full argv when known, else its command name.
 */
export interface FailureFacts {
  readonly invariant: string;
  readonly event_index: number | null;
  readonly message: string;
  readonly argv?: readonly string[] | undefined;
  readonly command?: string | null | undefined;
  readonly expected?: string | null | undefined;
  readonly actual?: string | null | undefined;
}

export function failureLines(failure: FailureFacts): string[] {
  const where = failure.event_index === null ? '' : ` at event ${failure.event_index}`;
  const lines = [`invariant ${failure.invariant} broken${where}`, `  ${failure.message}`];
  const op = failure.argv?.join(' ') ?? failure.command ?? null;
  if (op !== null) lines.push(`  op:       ${op}`);
  if (failure.expected !== undefined && failure.expected !== null)
    lines.push(`  expected: ${failure.expected}`);
  if (failure.actual !== undefined && failure.actual !== null) lines.push(`  actual:   ${failure.actual}`);
  return lines;
}

/** `#index +ms` after the epoch, then the client and argv, the timer or the fault, and the reply. */
export function eventReportLine(traced: TracedEvent, epochMs: number): string {
  const { event, reply } = traced;
  const at = `#${event.index} +${event.atMs - epochMs}ms`;
  const answer = reply === null ? '' : ` -> ${formatReply(reply)}`;
  switch (event.kind) {
    case 'op':
      return `${at} c${event.client} ${formatArgv(event.argv)}${answer}`;
    case 'timer':
      return `${at} timer ${event.timer}${answer}`;
    case 'fault':
      return `${at} fault ${event.fault}${answer}`;
  }
}
