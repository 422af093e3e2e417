/**
 * The trace format (docs/trace-format.md): JSON Lines with a header, one line per event and an
 * outcome line. This file turns events into their canonical lines and back; the canonical line
 * of an event is both what the file holds and what the trace hash covers.
 */
import type { Reply } from '../../redlite/reply.ts';
import { FAULT_EVENT_NAMES, SIMULATOR_EVENT_NAMES } from '../config/fault-vocabulary.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import { isTimerName, type SimEvent } from '../events.ts';
import type { RunFailure } from '../run-types.ts';
import { decodeArg, decodeReply, encodeArg, encodeReply, TraceDecodeError } from './json-codec.ts';

export const TRACE_FORMAT = 'redlite-dst-trace';
export const TRACE_VERSION = 1;

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: number;
  readonly seed: string;
  readonly config: WorldConfig;
  /** Provenance, outside the hash: it differs between machines, not between worlds. */
  readonly tool: { readonly name: string; readonly version: string; readonly commit: string | null };
  readonly node: string;
  readonly sqlite: string | null;
}

/**
 * The last line. `interrupted` is a run a signal stopped before its events ran out and before
 * any failure; its events replay like any other. The three completeness fields are absent in
 * traces of tools older than them, which always ran what was asked.
 */
export interface TraceOutcome {
  readonly outcome: 'pass' | 'fail' | 'interrupted';
  readonly events: number;
  readonly ops: number;
  readonly virtual_ms: number;
  readonly trace_hash: string;
  readonly failure: RunFailure | null;
  /** False when the run ended before running the ops it was asked for without a failure. */
  readonly complete?: boolean;
  /** Why an incomplete run ended: `virtualMsMax`, or the signal that interrupted it. */
  readonly stopped_by?: string | null;
  /** The client ops the run was asked for: the fault phase's plus the liveness phase's. */
  readonly ops_asked?: number;
}

/** One executed event and what the target answered (null where the event has no answer). */
/** A blocked client's wait that ended during an event, with the reply it finally got. */
export interface TracedWakeup {
  readonly client: number;
  readonly reply: Reply;
}

export interface TracedEvent {
  readonly event: SimEvent;
  readonly reply: Reply | null;
  /**
   * Blocked clients whose waits ended during this event (served by it, or timed out by its
   * time), in order: the return of each blocking pop, whose invoke is an earlier op event with
   * no reply. Absent when none ended, so traces without sessions are as before.
   */
  readonly woken?: readonly TracedWakeup[];
}

/** The part of the header the trace hash covers: format, version, seed and config. */
export function canonicalHeader(seed: string, config: WorldConfig): string {
  return JSON.stringify({ format: TRACE_FORMAT, version: TRACE_VERSION, seed, config });
}

export function eventLine(event: SimEvent, reply: Reply | null, woken?: readonly TracedWakeup[]): string {
  const line = eventLineWithoutWoken(event, reply);
  if (woken === undefined || woken.length === 0) return line;
  const wokenJson = woken.map((w) => ({ client: w.client, reply: encodeReply(w.reply) }));
  return `${line.slice(0, -1)},"woken":${JSON.stringify(wokenJson)}}`;
}

function eventLineWithoutWoken(event: SimEvent, reply: Reply | null): string {
  const replyJson = reply === null ? null : encodeReply(reply);
  switch (event.kind) {
    case 'op':
      return JSON.stringify({
        index: event.index,
        atMs: event.atMs,
        kind: 'op',
        client: event.client,
        argv: event.argv.map(encodeArg),
        reply: replyJson,
      });
    case 'timer':
      return JSON.stringify({
        index: event.index,
        atMs: event.atMs,
        kind: 'timer',
        timer: event.timer,
        seed: event.seed,
        reply: replyJson,
      });
    case 'fault':
      return JSON.stringify({
        index: event.index,
        atMs: event.atMs,
        kind: 'fault',
        fault: event.fault,
        seed: event.seed,
        ...(event.params === undefined ? {} : { params: event.params }),
        reply: replyJson,
      });
  }
}

function field<T>(record: Record<string, unknown>, name: string, check: (value: unknown) => value is T): T {
  const value = record[name];
  if (!check(value)) throw new TraceDecodeError(`field "${name}"`, value);
  return value;
}

const isInt = (value: unknown): value is number => Number.isSafeInteger(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isSeed = (value: unknown): value is string => typeof value === 'string' && /^[0-9]+$/.test(value);
const KNOWN_FAULT_EVENTS: ReadonlySet<string> = new Set([...FAULT_EVENT_NAMES, ...SIMULATOR_EVENT_NAMES]);

/** A fault event's name, checked against the fault vocabulary so an edited trace fails on load. */
function faultEventName(record: Record<string, unknown>): string {
  const name = field(record, 'fault', isString);
  if (!KNOWN_FAULT_EVENTS.has(name))
    throw new TraceDecodeError(`fault event (known: ${[...KNOWN_FAULT_EVENTS].join(', ')})`, name);
  return name;
}

/** Parses one event line's JSON value back into an event, its reply and any wake-ups. */
export function parseEventRecord(record: Record<string, unknown>): TracedEvent {
  const traced = parseEventOnly(record);
  if (record.woken === undefined) return traced;
  if (!Array.isArray(record.woken)) throw new TraceDecodeError('field "woken"', record.woken);
  const woken = record.woken.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new TraceDecodeError('a wake-up', item);
    const wakeup = item as Record<string, unknown>;
    return { client: field(wakeup, 'client', isInt), reply: decodeReply(wakeup.reply) };
  });
  return { ...traced, woken };
}

function parseEventOnly(record: Record<string, unknown>): TracedEvent {
  const index = field(record, 'index', isInt);
  const atMs = field(record, 'atMs', isInt);
  const reply = record.reply === null || record.reply === undefined ? null : decodeReply(record.reply);
  const kind = record.kind;
  if (kind === 'op') {
    const argv = field(record, 'argv', Array.isArray).map(decodeArg);
    return { event: { index, atMs, kind, client: field(record, 'client', isInt), argv }, reply };
  }
  if (kind === 'timer') {
    const timer = field(record, 'timer', isString);
    if (!isTimerName(timer)) {
      throw new TraceDecodeError('timer name', timer);
    }
    return { event: { index, atMs, kind, timer, seed: field(record, 'seed', isSeed) }, reply };
  }
  if (kind === 'fault') {
    const params = record.params;
    const base = {
      index,
      atMs,
      kind: 'fault' as const,
      fault: faultEventName(record),
      seed: field(record, 'seed', isSeed),
    };
    if (params === undefined) return { event: base, reply };
    if (typeof params !== 'object' || params === null) throw new TraceDecodeError('fault params', params);
    return { event: { ...base, params: params as Record<string, unknown> }, reply };
  }
  throw new TraceDecodeError('event kind', kind);
}
