/**
 * Durations as people write and read them: parsing `90s`, `10m`, `1h`, `500ms` or plain
 * seconds (`30`) from the command line, and formatting milliseconds for progress lines and
 * reports. What a duration bounds is the caller's business. It lives at the top of sim/, not
 * in sim/sweep/, because the reports format durations too and must not import the sweep that
 * builds them.
 */

export class DurationError extends Error {
  readonly option: string;
  readonly input: string;
  constructor(option: string, input: string) {
    super(
      `${option}: invalid duration ${JSON.stringify(input)} (expected e.g. 90s, 10m, 1h or plain seconds)`,
    );
    this.name = 'DurationError';
    this.option = option;
    this.input = input;
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration into milliseconds; throws DurationError naming the option and the value. */
export function parseDurationMs(option: string, input: string | number): number {
  const text = String(input).trim();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(text);
  if (match === null) throw new DurationError(option, text);
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = Math.round(amount * (UNIT_MS[unit] as number));
  if (!Number.isFinite(ms) || ms <= 0) throw new DurationError(option, text);
  return ms;
}

/** Formats milliseconds for people: `850ms`, `42.1s`, `12m05s`, `2h03m`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes}m${String(wholeSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
