/**
 * The history file: JSON Lines, a header line and then one line per operation
 * (docs/history-format.md describes it for readers outside this code). Arguments and replies
 * use the trace's JSON forms (sim/trace/json-codec.ts), so bytes round-trip exactly.
 *
 * The reader is strict: a line it cannot read, a field it does not know, or an operation that
 * breaks the history's rules (history.ts) raises HistoryFormatError naming the line, so the CLI
 * can refuse a bad file in one line. A newer version raises HistoryVersionError.
 */
import { readFileSync } from 'node:fs';
import type { Arg } from '../../redlite/reply.ts';
import { FormatVersionError, LineFormatError } from '../format-errors.ts';
import { decodeArg, decodeReply, encodeArg, encodeReply } from '../trace/json-codec.ts';
import {
  type History,
  type HistoryClock,
  HistoryError,
  type HistoryOp,
  type LossEvent,
  type OpStatus,
  validateLoss,
  validateOp,
} from './history.ts';

export const HISTORY_FORMAT = 'redlite-dst-history';
export const HISTORY_VERSION = 1;

export class HistoryFormatError extends LineFormatError {
  constructor(lineNumber: number, reason: string) {
    super('history', lineNumber, reason);
    this.name = 'HistoryFormatError';
  }
}

export class HistoryVersionError extends FormatVersionError {
  constructor(version: unknown) {
    super('history', version, HISTORY_VERSION);
    this.name = 'HistoryVersionError';
  }
}

/** Free-form provenance a writer may add to the header (seed, target, tool); never judged. */
export type HistorySource = Readonly<Record<string, unknown>>;

const HEADER_FIELDS = new Set(['format', 'version', 'clock', 'source', 'losses']);
const LOSS_FIELDS = new Set(['id', 'fromMs', 'killMs', 'upMs']);
const OP_FIELDS = new Set(['id', 'process', 'invokeMs', 'returnMs', 'status', 'argv', 'txn', 'reply']);
const STATUSES: readonly OpStatus[] = ['ok', 'unknown', 'fail'];

export function historyHeaderLine(
  clock: HistoryClock,
  source: HistorySource | null = null,
  losses: readonly LossEvent[] = [],
): string {
  const header: Record<string, unknown> = { format: HISTORY_FORMAT, version: HISTORY_VERSION, clock };
  if (source !== null) header.source = source;
  if (losses.length > 0)
    header.losses = losses.map(({ id, fromMs, killMs, upMs }) => ({ id, fromMs, killMs, upMs }));
  return JSON.stringify(header);
}

export function historyOpLine(op: HistoryOp): string {
  const record: Record<string, unknown> = {
    id: op.id,
    process: op.process,
    invokeMs: op.invokeMs,
    returnMs: op.returnMs,
    status: op.status,
  };
  if (op.txn) record.txn = op.commands.map((argv) => argv.map(encodeArg));
  else record.argv = (op.commands[0] ?? []).map(encodeArg);
  if (op.reply !== null) record.reply = encodeReply(op.reply);
  return JSON.stringify(record);
}

export function historyText(history: History, source: HistorySource | null = null): string {
  const lines = [
    historyHeaderLine(history.clock, source, history.losses ?? []),
    ...history.ops.map(historyOpLine),
  ];
  return `${lines.join('\n')}\n`;
}

export function parseHistory(text: string): History {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  if (lines.length === 0) throw new HistoryFormatError(1, 'empty file: expected a header line');
  const { clock, losses } = parseHeader(parseJsonObject(lines[0] ?? '', 1));
  const ids = new Set<number>(losses.map((loss) => loss.id));
  const ops: HistoryOp[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNumber = i + 1;
    const op = parseOp(parseJsonObject(lines[i] ?? '', lineNumber), lineNumber);
    try {
      validateOp(op);
      if (ids.has(op.id)) throw new HistoryError(op.id, 'id used twice');
    } catch (error) {
      if (error instanceof HistoryError) throw new HistoryFormatError(lineNumber, error.message);
      throw error;
    }
    ids.add(op.id);
    ops.push(op);
  }
  return losses.length === 0 ? { clock, ops } : { clock, ops, losses };
}

export function readHistory(path: string): History {
  return parseHistory(readFileSync(path, 'utf8'));
}

function parseJsonObject(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new HistoryFormatError(lineNumber, 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HistoryFormatError(lineNumber, 'expected a JSON object');
  return value as Record<string, unknown>;
}

function parseHeader(record: Record<string, unknown>): { clock: HistoryClock; losses: LossEvent[] } {
  if (record.format !== HISTORY_FORMAT)
    throw new HistoryFormatError(1, `expected a header with format "${HISTORY_FORMAT}"`);
  if (record.version !== HISTORY_VERSION) throw new HistoryVersionError(record.version);
  unknownField(record, HEADER_FIELDS, 1);
  if (record.clock !== 'virtual' && record.clock !== 'wall')
    throw new HistoryFormatError(1, `clock must be "virtual" or "wall", not ${JSON.stringify(record.clock)}`);
  return { clock: record.clock, losses: record.losses === undefined ? [] : parseLosses(record.losses) };
}

function parseLosses(value: unknown): LossEvent[] {
  const ids = new Set<number>();
  return parseList(value, 1, 'losses').map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new HistoryFormatError(1, 'each loss must be a JSON object');
    const record = item as Record<string, unknown>;
    unknownField(record, LOSS_FIELDS, 1);
    const loss = {
      id: integerField(record, 'id', 1),
      fromMs: integerField(record, 'fromMs', 1),
      killMs: integerField(record, 'killMs', 1),
      upMs: integerField(record, 'upMs', 1),
    };
    try {
      validateLoss(loss);
      if (ids.has(loss.id)) throw new HistoryError(loss.id, 'id used twice');
    } catch (error) {
      if (error instanceof HistoryError) throw new HistoryFormatError(1, error.message);
      throw error;
    }
    ids.add(loss.id);
    return loss;
  });
}

function unknownField(record: Record<string, unknown>, known: ReadonlySet<string>, lineNumber: number): void {
  for (const field of Object.keys(record)) {
    if (!known.has(field)) throw new HistoryFormatError(lineNumber, `unknown field "${field}"`);
  }
}

function integerField(record: Record<string, unknown>, field: string, lineNumber: number): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new HistoryFormatError(lineNumber, `${field} must be an integer, not ${JSON.stringify(value)}`);
  return value;
}

function parseOp(record: Record<string, unknown>, lineNumber: number): HistoryOp {
  unknownField(record, OP_FIELDS, lineNumber);
  const status = record.status;
  if (!STATUSES.includes(status as OpStatus))
    throw new HistoryFormatError(
      lineNumber,
      `status must be ok, unknown or fail, not ${JSON.stringify(status)}`,
    );
  const returnMs = record.returnMs === null ? null : integerField(record, 'returnMs', lineNumber);
  const hasArgv = 'argv' in record;
  if (hasArgv === 'txn' in record)
    throw new HistoryFormatError(lineNumber, 'expected exactly one of argv and txn');
  const commands = hasArgv
    ? [parseArgv(record.argv, lineNumber)]
    : parseList(record.txn, lineNumber, 'txn').map((argv) => parseArgv(argv, lineNumber));
  return {
    id: integerField(record, 'id', lineNumber),
    process: integerField(record, 'process', lineNumber),
    invokeMs: integerField(record, 'invokeMs', lineNumber),
    returnMs,
    status: status as OpStatus,
    commands,
    txn: !hasArgv,
    reply: record.reply === undefined || record.reply === null ? null : parseReply(record.reply, lineNumber),
  };
}

function parseList(value: unknown, lineNumber: number, field: string): unknown[] {
  if (!Array.isArray(value)) throw new HistoryFormatError(lineNumber, `${field} must be an array`);
  return value;
}

function parseArgv(value: unknown, lineNumber: number): Arg[] {
  try {
    return parseList(value, lineNumber, 'argv').map(decodeArg);
  } catch (error) {
    if (error instanceof HistoryFormatError) throw error;
    throw new HistoryFormatError(lineNumber, `bad argument in argv: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
}

function parseReply(value: unknown, lineNumber: number): ReturnType<typeof decodeReply> {
  try {
    return decodeReply(value);
  } catch {
    throw new HistoryFormatError(lineNumber, `bad reply: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
}
