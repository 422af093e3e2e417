/**
 * Draws a failing seed's Timeline as inline SVG: a lane per client plus a world lane for timers
 * and faults, events placed in order along the x axis, crash / power-cut / disk-fault markers
 * with a line across every lane (a fault hits the whole node), and the failing event
 * highlighted. Each mark has a <title>, so hovering shows its index, virtual time and name.
 * Order, not virtual time, sets x: bursts at one instant stay readable.
 *
 * Times are shown relative to the failing event (or, with none, to the first event drawn), as
 * `-120 ms` and `+3 ms`: a world's virtual clock starts at a random calendar epoch, so absolute
 * milliseconds say nothing, while "120 ms before the failure" does.
 */
import type { Timeline, TimelineEvent, TimelineMarker } from './types.ts';

const WIDTH = 1000;
const LABEL_WIDTH = 70;
const LANE_HEIGHT = 22;
const TOP = 8;
const AXIS_HEIGHT = 22;
const LEGEND_HEIGHT = 22;

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** One mark; `role` is `ev` for an event of the trace and `key` for the legend's sample. */
function shape(marker: TimelineMarker, x: number, y: number, role: 'ev' | 'key', extraClass = ''): string {
  const cls = `${role} marker-${marker}${extraClass}`;
  switch (marker) {
    case 'op':
      return `<rect class="${cls}" x="${x - 1.5}" y="${y - 6}" width="3" height="12"/>`;
    case 'timer':
      return `<circle class="${cls}" cx="${x}" cy="${y}" r="3"/>`;
    case 'crash':
      return `<path class="${cls}" d="M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}"/>`;
    case 'power':
      return `<path class="${cls}" d="M${x} ${y - 7}L${x + 6} ${y + 5}L${x - 6} ${y + 5}Z"/>`;
    case 'disk':
      return `<rect class="${cls}" x="${x - 4}" y="${y - 4}" width="8" height="8"/>`;
    default:
      return `<path class="${cls}" d="M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z"/>`;
  }
}

/** Milliseconds relative to the origin, signed: `-120 ms`, `0 ms`, `+3 ms`. */
export function relativeMs(atMs: number, originMs: number): string {
  const delta = Math.round(atMs - originMs);
  return `${delta > 0 ? '+' : ''}${delta} ms`;
}

/** The virtual time the axis counts from: the failing event's, else the first event's. */
export function timelineOriginMs(timeline: Timeline): number {
  const failing = timeline.events.find((event) => event.index === timeline.failing_index);
  return failing?.at_ms ?? timeline.events[0]?.at_ms ?? 0;
}

function title(event: TimelineEvent, originMs: number, originName: string): string {
  const who = event.client === null ? 'world' : `client ${event.client}`;
  return `<title>#${event.index} at ${relativeMs(event.at_ms, originMs)} from ${originName}, ${who}: ${escapeXml(event.label)}</title>`;
}

const LEGEND: [TimelineMarker | 'failing', string][] = [
  ['op', 'command'],
  ['timer', 'timer'],
  ['crash', 'crash'],
  ['power', 'power cut'],
  ['disk', 'disk fault'],
  ['failing', 'failing event'],
];

function legend(y: number): string {
  const items = LEGEND.map(([marker, text], i) => {
    const x = LABEL_WIDTH + i * 130;
    const mark =
      marker === 'failing'
        ? `<rect class="key failing" x="${x - 5}" y="${y - 8}" width="10" height="16"/>`
        : shape(marker, x, y, 'key');
    return `<g class="legend-item">${mark}<text x="${x + 10}" y="${y + 4}">${text}</text></g>`;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

export function renderTimelineSvg(timeline: Timeline): string {
  const lanes: (number | null)[] = [null, ...timeline.clients];
  const laneY = (client: number | null) => TOP + (lanes.indexOf(client) + 0.5) * LANE_HEIGHT;
  const lanesBottom = TOP + lanes.length * LANE_HEIGHT;
  const height = lanesBottom + AXIS_HEIGHT + LEGEND_HEIGHT;
  const count = Math.max(1, timeline.events.length);
  const step = (WIDTH - LABEL_WIDTH - 10) / count;
  const xOf = (position: number) => LABEL_WIDTH + (position + 0.5) * step;
  const parts: string[] = [];
  const originMs = timelineOriginMs(timeline);
  const hasFailing = timeline.events.some((event) => event.index === timeline.failing_index);
  const originName = hasFailing ? 'the failing event' : 'the first event shown';
  lanes.forEach((client, i) => {
    const y = TOP + i * LANE_HEIGHT;
    parts.push(
      `<rect class="lane" x="${LABEL_WIDTH}" y="${y}" width="${WIDTH - LABEL_WIDTH}" height="${LANE_HEIGHT}"/>`,
    );
    parts.push(
      `<text class="lane-label" x="4" y="${y + LANE_HEIGHT / 2 + 4}">${client === null ? 'world' : `client ${client}`}</text>`,
    );
  });
  timeline.events.forEach((event, position) => {
    const x = Number(xOf(position).toFixed(2));
    const failing = event.index === timeline.failing_index;
    if (failing)
      parts.push(
        `<rect class="failing band" x="${x - 5}" y="${TOP}" width="10" height="${lanesBottom - TOP}"/>`,
      );
    if (event.marker === 'crash' || event.marker === 'power' || event.marker === 'disk') {
      parts.push(
        `<line class="fault-line fault-line-${event.marker}" x1="${x}" x2="${x}" y1="${TOP}" y2="${lanesBottom}"/>`,
      );
    }
    parts.push(
      `<g>${shape(event.marker, x, laneY(event.client), 'ev', failing ? ' failing-event' : '')}${title(event, originMs, originName)}</g>`,
    );
  });
  const first = timeline.events[0];
  const last = timeline.events.at(-1);
  if (first !== undefined && last !== undefined) {
    const y = lanesBottom + 15;
    parts.push(
      `<text class="axis axis-start" x="${LABEL_WIDTH}" y="${y}">#${first.index} (${relativeMs(first.at_ms, originMs)})</text>`,
    );
    parts.push(
      `<text class="axis axis-end" x="${WIDTH}" y="${y}" text-anchor="end">#${last.index} (${relativeMs(last.at_ms, originMs)})</text>`,
    );
    const position = timeline.events.findIndex((event) => event.index === timeline.failing_index);
    if (position >= 0) {
      parts.push(
        `<text class="axis axis-failing" x="${Number(xOf(position).toFixed(2))}" y="${y}" text-anchor="middle">failing #${timeline.failing_index} (0 ms)</text>`,
      );
    }
  }
  parts.push(legend(lanesBottom + AXIS_HEIGHT + LEGEND_HEIGHT / 2));
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="trace timeline">${parts.join('')}</svg>`;
}
