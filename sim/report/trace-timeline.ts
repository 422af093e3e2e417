/**
 * Reads a failing seed's trace (JSON Lines: a header, one line per event, an outcome line) into
 * the small Timeline a report draws: a window of events around the failing one, each placed on
 * its client's lane or the world lane, faults sorted into crashes, power cuts and disk faults.
 *
 * Tolerant by design: unknown lines (the header, the outcome, fields added later) are skipped,
 * so the report keeps working as the trace format grows. It never replays or checks a trace.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Timeline, TimelineEvent, TimelineMarker } from './types.ts';

/** Events drawn before and after the failing event; the rest are counted as omitted. */
export const TIMELINE_EVENTS_BEFORE = 300;
export const TIMELINE_EVENTS_AFTER = 20;
/** Traces bigger than this are not drawn (the report says so) rather than read into memory. */
export const TRACE_BYTES_MAX = 256 * 1024 * 1024;

/** Sorts a fault name into the marker the timeline draws for it. */
export function faultMarker(fault: string): TimelineMarker {
  const name = fault.toLowerCase();
  if (/power/.test(name)) return 'power';
  if (/crash|restart|kill|abort/.test(name)) return 'crash';
  if (/torn|rot|misdirect|disk|io|eio|full|sector|fsync|latency|corrupt|write|read/.test(name)) return 'disk';
  return 'fault';
}

function argName(arg: unknown): string {
  if (typeof arg === 'string') return arg.toUpperCase();
  return '?';
}

function eventOf(line: Record<string, unknown>): TimelineEvent | null {
  const index = line.index;
  const atMs = line.atMs ?? line.at_ms;
  if (typeof index !== 'number' || typeof atMs !== 'number') return null;
  switch (line.kind) {
    case 'op': {
      const argv = Array.isArray(line.argv) ? line.argv : [];
      const client = typeof line.client === 'number' ? line.client : null;
      return { index, at_ms: atMs, client, marker: 'op', label: argName(argv[0]) };
    }
    case 'timer':
      return { index, at_ms: atMs, client: null, marker: 'timer', label: String(line.timer ?? 'timer') };
    case 'fault': {
      const fault = String(line.fault ?? 'fault');
      return { index, at_ms: atMs, client: null, marker: faultMarker(fault), label: fault };
    }
    default:
      return null;
  }
}

/** Parses trace text into all its events, in file order. */
export function traceEvents(text: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      continue;
    }
    if (line === null || typeof line !== 'object' || Array.isArray(line)) continue;
    const event = eventOf(line as Record<string, unknown>);
    if (event !== null) events.push(event);
  }
  return events;
}

/** Cuts the window around the failing event (or the end, when none is known). */
export function timelineOf(events: TimelineEvent[], failingIndex: number | null): Timeline {
  let at = events.length - 1;
  if (failingIndex !== null) {
    const found = events.findIndex((event) => event.index === failingIndex);
    if (found >= 0) at = found;
  }
  const start = Math.max(0, at - TIMELINE_EVENTS_BEFORE);
  const end = Math.min(events.length, at + TIMELINE_EVENTS_AFTER + 1);
  const window = events.slice(start, end);
  const clients = [...new Set(window.flatMap((event) => (event.client === null ? [] : [event.client])))].sort(
    (a, b) => a - b,
  );
  return {
    clients,
    events: window,
    failing_index: failingIndex,
    omitted_before: start,
    omitted_after: events.length - end,
  };
}

/** Reads a trace file into a Timeline, or null when it is missing, too big or holds no events. */
export function readTimeline(tracePath: string, failingIndex: number | null): Timeline | null {
  try {
    if (statSync(tracePath).size > TRACE_BYTES_MAX) return null;
    const events = traceEvents(readFileSync(tracePath, 'utf8'));
    return events.length === 0 ? null : timelineOf(events, failingIndex);
  } catch {
    return null;
  }
}
