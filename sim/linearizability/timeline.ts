/**
 * The time line of a failure: the operations around the point where the search got stuck, one
 * row per process, each operation a bar from its invoke to its return. `timelineOf` gives the
 * data (which the HTML report can draw: bars with times, rows and roles), `timelineLines` the
 * text form, with a legend naming every bar.
 *
 * It shows the last few operations of the longest linearizable prefix and every operation that
 * could have come next (the blocked one among them), not the whole partition: a failure in a
 * 10,000-operation partition is read where it happened.
 */
import { formatReply } from '../format-reply.ts';
import type { FailureExplanation } from './explain-failure.ts';
import { type HistoryOp, opText } from './history.ts';

export type BarRole = 'prefix' | 'blocked' | 'next';

export interface TimelineBar {
  readonly id: number;
  readonly process: number;
  /** Row of the drawing: a process gets a second row when its own bars overlap. */
  readonly row: number;
  readonly invokeMs: number;
  /** Null for an operation that never returned: its bar runs to the end. */
  readonly returnMs: number | null;
  readonly text: string;
  readonly reply: string | null;
  readonly role: BarRole;
  /** For a prefix bar: the time the search applied it at. */
  readonly linearizedAtMs: number | null;
}

export interface Timeline {
  readonly startMs: number;
  readonly endMs: number;
  /** The process drawn on each row. */
  readonly rowProcesses: readonly number[];
  readonly bars: readonly TimelineBar[];
}

/** Operations of the prefix shown before the stuck point. */
const PREFIX_SHOWN_MAX = 8;
/** Operations that could have come next shown, the blocked one first. */
const NEXT_SHOWN_MAX = 24;
const COLUMNS = 64;

export function timelineOf(explanation: FailureExplanation): Timeline {
  const chosen: { op: HistoryOp; role: BarRole; atMs: number | null }[] = [];
  for (const step of explanation.longestPrefix.slice(-PREFIX_SHOWN_MAX))
    chosen.push({ op: step.op, role: 'prefix', atMs: step.atMs });
  for (const candidate of explanation.candidates.slice(0, NEXT_SHOWN_MAX)) {
    const role = candidate.op === explanation.blocked ? 'blocked' : 'next';
    chosen.push({ op: candidate.op, role, atMs: null });
  }
  chosen.sort((a, b) => a.op.process - b.op.process || a.op.invokeMs - b.op.invokeMs || a.op.id - b.op.id);
  const rowProcesses: number[] = [];
  const rowEndMs: number[] = [];
  const bars: TimelineBar[] = chosen.map(({ op, role, atMs }) => {
    let row = rowProcesses.findIndex(
      (process, i) => process === op.process && (rowEndMs[i] as number) < op.invokeMs,
    );
    if (row === -1) {
      row = rowProcesses.length;
      rowProcesses.push(op.process);
      rowEndMs.push(0);
    }
    rowEndMs[row] = op.returnMs ?? Number.POSITIVE_INFINITY;
    return {
      id: op.id,
      process: op.process,
      row,
      invokeMs: op.invokeMs,
      returnMs: op.returnMs,
      text: opText(op),
      reply: op.reply === null ? null : formatReply(op.reply),
      role,
      linearizedAtMs: atMs,
    };
  });
  const times = bars.flatMap((bar) =>
    bar.returnMs === null ? [bar.invokeMs] : [bar.invokeMs, bar.returnMs],
  );
  return { startMs: Math.min(...times), endMs: Math.max(...times), rowProcesses, bars };
}

export function timelineLines(timeline: Timeline): string[] {
  const spanMs = Math.max(1, timeline.endMs - timeline.startMs);
  const column = (atMs: number): number => Math.round(((atMs - timeline.startMs) * (COLUMNS - 1)) / spanMs);
  const rows = timeline.rowProcesses.map(() => Array.from({ length: COLUMNS }, () => ' '));
  for (const bar of timeline.bars) drawBar(rows[bar.row] as string[], bar, column);
  const gutter = Math.max(...timeline.rowProcesses.map((process) => `p${process}`.length));
  const columnMs = spanMs / (COLUMNS - 1);
  const lines = [
    `time line from ${timeline.startMs} ms (times below count from there; a column is ${columnMs.toFixed(2)} ms):`,
  ];
  rows.forEach((cells, i) => {
    lines.push(`  ${`p${timeline.rowProcesses[i]}`.padEnd(gutter)} |${cells.join('').trimEnd()}`);
  });
  for (const bar of [...timeline.bars].sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id))
    lines.push(`  ${legendLine(bar, timeline.startMs)}`);
  return lines;
}

function drawBar(cells: string[], bar: TimelineBar, column: (atMs: number) => number): void {
  const from = column(bar.invokeMs);
  const to = bar.returnMs === null ? COLUMNS - 1 : column(bar.returnMs);
  const fill = bar.role === 'blocked' ? '!' : bar.role === 'next' ? '~' : '-';
  for (let i = from; i <= to; i++) cells[i] = fill;
  cells[from] = '[';
  cells[to] = bar.returnMs === null ? '>' : ']';
  if (from === to) cells[from] = '|';
  const label = `#${bar.id}`;
  if (to - from - 1 >= label.length)
    for (let i = 0; i < label.length; i++) cells[from + 1 + i] = label[i] as string;
}

function legendLine(bar: TimelineBar, startMs: number): string {
  const end = bar.returnMs === null ? '' : `${bar.returnMs - startMs}`;
  const reply = bar.reply === null ? ' (never returned)' : ` -> ${bar.reply}`;
  let note = '';
  if (bar.role === 'blocked') note = '   <- could not be placed';
  else if (bar.role === 'next') note = '   (could have come next)';
  else if (bar.linearizedAtMs !== null) note = `   (linearized at ${bar.linearizedAtMs - startMs})`;
  return `#${bar.id} p${bar.process} [${bar.invokeMs - startMs}..${end}] ${bar.text}${reply}${note}`;
}
