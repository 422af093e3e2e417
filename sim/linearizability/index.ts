/**
 * The linearizability checker: histories of overlapping operations, their files, and the
 * search that decides whether some order of them, consistent with their real-time intervals,
 * explains every reply.
 */

export type { CheckOptions, CheckReport, PartitionSummary } from './check-history.ts';
export { checkHistory, checkHistorySteps } from './check-history.ts';
export type { TimedOp } from './EntryList.ts';
export type { EdnModel } from './edn/edn-mapping.ts';
export { EDN_MODELS, EdnExportError } from './edn/edn-mapping.ts';
export type { EdnExport } from './edn/export-edn.ts';
export { EdnModelError, exportEdn } from './edn/export-edn.ts';
export type { FailureExplanation, NextCandidate, TriedReply } from './explain-failure.ts';
export { HistoryRecorder, RecorderError } from './HistoryRecorder.ts';
export type { History, HistoryClock, HistoryOp, LossEvent, OpStatus } from './history.ts';
export { HistoryError, opText, validateHistory } from './history.ts';
export {
  HISTORY_FORMAT,
  HISTORY_VERSION,
  HistoryFormatError,
  HistoryVersionError,
  historyHeaderLine,
  historyOpLine,
  historyText,
  parseHistory,
  readHistory,
} from './history-jsonl.ts';
export type { CheckLimits, LimitName } from './limits.ts';
export { CheckLimitError, checkLimits, LIMIT_ROWS } from './limits.ts';
export type { Partition } from './partition-history.ts';
export { partitionHistory } from './partition-history.ts';
export { relaxLosses } from './relax-losses.ts';
export { reportJson } from './report-json.ts';
export { reportLines } from './report-lines.ts';
export type { LinearizedStep, Verdict } from './search.ts';
export type { SimulateOptions } from './simulate-history.ts';
export { SimulateOptionError, simulateHistory } from './simulate-history.ts';
export type { BarRole, Timeline, TimelineBar } from './timeline.ts';
export { timelineLines, timelineOf } from './timeline.ts';
