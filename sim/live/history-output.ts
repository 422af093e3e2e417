/**
 * Writing a live run's history: JSON Lines (docs/history-format.md), which `vopr check-history`
 * re-checks offline with the same verdict, or Jepsen's EDN for an independent checker. The
 * history written is the one judged: its header carries the kills the durability promise lets
 * lose writes (`losses`), and `source` says the rule, so nothing is allowed silently.
 *
 * Leaves out choosing the path (the CLI) and the format's details (sim/linearizability).
 */

import { InputError } from '../error-kinds.ts';
import { EdnExportError, EdnModelError, exportEdn, historyText } from '../linearizability/index.ts';
import { writeOutputFile } from '../output-file.ts';
import { formatSeed } from '../random/index.ts';
import { targetText } from './live-target.ts';
import type { LiveRun, LiveRunOptions } from './run-live.ts';

export type HistoryFormat = 'jsonl' | 'edn';
export const HISTORY_FORMATS: readonly HistoryFormat[] = ['jsonl', 'edn'];

/** The history has writes no Jepsen model expresses; the JSONL form always works. */
export class HistoryExportError extends InputError {
  constructor(reason: string) {
    super(`cannot write the history as EDN: ${reason} (--history-format jsonl always works)`);
    this.name = 'HistoryExportError';
  }
}

/** The header's provenance: enough to know what ran, and that it does not replay. */
export function historySource(run: LiveRun, options: LiveRunOptions): Record<string, unknown> {
  return {
    seed: formatSeed(options.seed),
    target: targetText(options.target),
    scenario: run.config.scenario,
    clients: run.config.clients,
    setting: run.setting,
    kills: run.kills.length,
    replay: 'none: a wall-clock run does not replay; this file is the record',
    ...((run.history.losses ?? []).length === 0 ? {} : { loss_rule: run.promise?.text ?? '' }),
  };
}

/** Writes the judged history to `path`; returns one line saying what was written. */
export function writeHistory(
  run: LiveRun,
  options: LiveRunOptions,
  path: string,
  format: HistoryFormat,
): string {
  if (format === 'jsonl') {
    writeOutputFile(path, historyText(run.history, historySource(run, options)), 'history');
    return `history (${run.history.ops.length} operations, JSON Lines) written to ${path}`;
  }
  let exported: ReturnType<typeof exportEdn>;
  try {
    exported = exportEdn(run.history, 'auto');
  } catch (error) {
    if (error instanceof EdnModelError || error instanceof EdnExportError)
      throw new HistoryExportError(error.message);
    throw error;
  }
  writeOutputFile(path, exported.text, 'history');
  return `history (EDN, ${exported.model} model, ${exported.exported} operations, ${exported.dropped} left out) written to ${path}`;
}
