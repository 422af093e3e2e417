/**
 * The regression seed bank's file format: one reviewable text file, one entry per line.
 *
 *     # comments and blank lines are kept as they are
 *     2025-06-01 seed=42 --scenario=lists --ops=300 -- LPOP emptying a list must delete the key
 *     2025-06-02 seed=7 --ops=200 trace=seed-bank/incr.trace.jsonl -- INCR off by one
 *     2025-06-03 seed=2 --scenario=power-loss --durability=normal expect=wal_durability -- ...
 *
 * Fields before the lone `--` are the date (YYYY-MM-DD), the seed, the world flags exactly as
 * typed on the command line (`--name=value`), optionally a trace file to replay too, and
 * optionally `expect=<invariant>`; the description follows the `--`.
 *
 * - An entry without `expect=` must pass. One with it is a demonstrated finding of redlite
 *   (such as synchronous=normal losing acknowledged writes): it must fail with exactly that
 *   invariant, and one that starts passing has been fixed, so its entry must be updated.
 * - A trace path is relative to the bank's folder and must stay inside it: an absolute path
 *   or one that climbs out with `..` is refused, naming the line.
 * - A description is one line of at most DESCRIPTION_CHARS_MAX characters.
 *
 * Upstream redlite-dst's lines (`12345 simulate crash during WAL append`: seed, test type,
 * description) are accepted too and written back as they were; their test type stands for
 * world flags (upstream-seeds.ts).
 *
 * This file parses and writes that text and edits the entry list; what the flags mean is
 * `seed-bank-flags.ts`, running the entries is `seed-bank-run.ts`, and the date is always
 * passed in.
 */
import { isAbsolute, normalize } from 'node:path';
import { InputError } from '../error-kinds.ts';
import { parseSeed } from '../random/seed.ts';
import { UPSTREAM_LINE, upstreamTestProblem, upstreamWorldFlags } from './upstream-seeds.ts';

export interface SeedBankEntry {
  /** The day the entry was added, YYYY-MM-DD. */
  date: string;
  seed: bigint;
  /** World flags in command-line order, names without the leading dashes. */
  flags: [name: string, value: string][];
  /** A trace file to replay as well, relative to the bank file's folder. */
  trace?: string;
  /** A demonstrated finding: the invariant the seed (and trace) must fail with. */
  expect?: string;
  description: string;
  /** Set for a line in upstream's `SEED TEST_TYPE DESCRIPTION` form: its test type (no date). */
  upstream?: string;
}

/** A bank line is either an entry or text (a comment or a blank line) kept verbatim. */
export type SeedBankLine = { entry: SeedBankEntry } | { text: string };

export class SeedBankError extends InputError {
  readonly line: number;
  /** The problem without the line prefix, so a caller that knows the line can name it. */
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(line > 0 ? `seed bank line ${line}: ${reason}` : `seed bank: ${reason}`);
    this.name = 'SeedBankError';
    this.line = line;
    this.reason = reason;
  }
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FLAG = /^--([a-z][a-z0-9-]*)=(\S+)$/;
/** A bound on one line's length keeps a pasted trace from becoming an entry. */
const LINE_CHARS_MAX = 2000;
/** A description says what the seed exercises in a line a reviewer reads at a glance. */
export const DESCRIPTION_CHARS_MAX = 200;
const INVARIANT = /^[a-z][a-z0-9_]*$/;

/** Why `trace` may not be banked (absolute, or climbing out of the bank's folder), or null. */
export function traceOutsideBank(trace: string): string | null {
  if (trace === '' || /\s/.test(trace)) return `bad trace path ${JSON.stringify(trace)}`;
  if (isAbsolute(trace)) return `trace ${trace} is absolute; it must lie in the bank's folder`;
  const normal = normalize(trace).split('\\').join('/');
  if (normal === '..' || normal.startsWith('../'))
    return `trace ${trace} lies outside the bank's folder; banked traces must lie inside it`;
  return null;
}

/** Why `description` cannot be banked, or null. */
export function descriptionProblem(description: string): string | null {
  const trimmed = description.trim();
  if (trimmed === '') return 'a description is needed: what the seed exercises';
  if (/[\r\n]/.test(trimmed)) return 'a description is one line';
  if (trimmed.length > DESCRIPTION_CHARS_MAX)
    return `a description is at most ${DESCRIPTION_CHARS_MAX} characters (this one has ${trimmed.length})`;
  return null;
}

/** An upstream line as an entry, or null when the line is not in upstream's form. */
function parseUpstream(text: string, line: number): SeedBankEntry | null {
  const match = UPSTREAM_LINE.exec(text);
  if (match === null || DATE.test(match[1] as string)) return null;
  const [, seedText, testType, description] = match as unknown as [string, string, string, string];
  let seed: bigint;
  try {
    seed = parseSeed(seedText);
  } catch (error) {
    throw new SeedBankError(line, (error as Error).message);
  }
  const problem = upstreamTestProblem(testType, seed);
  if (problem !== null) throw new SeedBankError(line, problem);
  return { date: '', seed, flags: upstreamWorldFlags(testType), description, upstream: testType };
}

export function parseEntry(text: string, line = 0): SeedBankEntry {
  if (text.length > LINE_CHARS_MAX) throw new SeedBankError(line, `longer than ${LINE_CHARS_MAX} characters`);
  if (!/\s--(\s|$)/.test(text)) {
    const upstream = parseUpstream(text, line);
    if (upstream !== null) return upstream;
  }
  const tokens = text.trim().split(/\s+/);
  const separator = tokens.indexOf('--');
  if (separator < 0) throw new SeedBankError(line, "missing ' -- ' before the description");
  const description = text.slice((/\s--(\s|$)/.exec(text)?.index ?? text.length) + 3).trim();
  if (description === '') throw new SeedBankError(line, 'empty description');
  const [date, seedField, ...rest] = tokens.slice(0, separator);
  if (date === undefined || !DATE.test(date))
    throw new SeedBankError(line, `bad date ${JSON.stringify(date ?? '')}`);
  if (seedField === undefined || !seedField.startsWith('seed=')) {
    throw new SeedBankError(line, `expected seed=N after the date, got ${JSON.stringify(seedField ?? '')}`);
  }
  let seed: bigint;
  try {
    seed = parseSeed(seedField.slice('seed='.length));
  } catch (error) {
    throw new SeedBankError(line, (error as Error).message);
  }
  const entry: SeedBankEntry = { date, seed, flags: [], description };
  for (const token of rest) {
    if (token.startsWith('trace=') && token.length > 'trace='.length) {
      const trace = token.slice('trace='.length);
      const outside = traceOutsideBank(trace);
      if (outside !== null) throw new SeedBankError(line, outside);
      entry.trace = trace;
      continue;
    }
    if (token.startsWith('expect=')) {
      const invariant = token.slice('expect='.length);
      if (!INVARIANT.test(invariant))
        throw new SeedBankError(line, `bad expect=${JSON.stringify(invariant)}`);
      entry.expect = invariant;
      continue;
    }
    const flag = FLAG.exec(token);
    if (!flag) throw new SeedBankError(line, `bad field ${JSON.stringify(token)} (expected --name=value)`);
    entry.flags.push([flag[1] as string, flag[2] as string]);
  }
  return entry;
}

export function formatEntry(entry: SeedBankEntry): string {
  if (entry.upstream !== undefined) return `${entry.seed} ${entry.upstream} ${entry.description.trim()}`;
  if (!DATE.test(entry.date)) throw new SeedBankError(0, `bad date ${JSON.stringify(entry.date)}`);
  const description = entry.description.trim();
  const problem = descriptionProblem(description);
  if (problem !== null) throw new SeedBankError(0, problem);
  const fields = [entry.date, `seed=${entry.seed}`];
  for (const [name, value] of entry.flags) {
    const field = `--${name}=${value}`;
    if (!FLAG.test(field)) throw new SeedBankError(0, `flag ${JSON.stringify(field)} cannot be written`);
    fields.push(field);
  }
  if (entry.trace !== undefined) {
    const outside = traceOutsideBank(entry.trace);
    if (outside !== null) throw new SeedBankError(0, outside);
    fields.push(`trace=${entry.trace}`);
  }
  if (entry.expect !== undefined) {
    if (!INVARIANT.test(entry.expect))
      throw new SeedBankError(0, `bad expect=${JSON.stringify(entry.expect)}`);
    fields.push(`expect=${entry.expect}`);
  }
  return `${fields.join(' ')} -- ${description}`;
}

export function parseBank(text: string): SeedBankLine[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return { text: raw };
    return { entry: parseEntry(raw, i + 1) };
  });
}

/**
 * Like parseBank, but a malformed line is kept as text and its error returned beside the
 * lines, so `vopr seeds list` can show the good entries and name every bad line.
 */
export function parseBankReporting(text: string): { lines: SeedBankLine[]; errors: SeedBankError[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const errors: SeedBankError[] = [];
  const parsed = lines.map((raw, i): SeedBankLine => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return { text: raw };
    try {
      return { entry: parseEntry(raw, i + 1) };
    } catch (error) {
      if (!(error instanceof SeedBankError)) throw error;
      errors.push(error);
      return { text: raw };
    }
  });
  return { lines: parsed, errors };
}

export function formatBank(lines: readonly SeedBankLine[]): string {
  return lines.map((line) => ('entry' in line ? formatEntry(line.entry) : line.text)).join('\n') + '\n';
}

export function entries(lines: readonly SeedBankLine[]): SeedBankEntry[] {
  return lines.flatMap((line) => ('entry' in line ? [line.entry] : []));
}

function sameFlags(a: SeedBankEntry['flags'], b: SeedBankEntry['flags']): boolean {
  return a.length === b.length && a.every(([name, value], i) => b[i]?.[0] === name && b[i]?.[1] === value);
}

/** Appends `entry`; an entry with the same seed, flags and trace is a duplicate and refused. */
export function addEntry(lines: readonly SeedBankLine[], entry: SeedBankEntry): SeedBankLine[] {
  formatEntry(entry);
  const duplicate = entries(lines).find(
    (known) =>
      known.seed === entry.seed && sameFlags(known.flags, entry.flags) && known.trace === entry.trace,
  );
  if (duplicate)
    throw new SeedBankError(0, `seed ${entry.seed} with these flags is already banked (${duplicate.date})`);
  return [...lines, { entry }];
}

/**
 * Removes the entry with `seed` (and, when given, exactly these flags). Several matches are
 * an error that lists them, so a remove never takes more than the user meant.
 */
export function removeEntry(
  lines: readonly SeedBankLine[],
  seed: bigint,
  flags?: SeedBankEntry['flags'],
): { lines: SeedBankLine[]; removed: SeedBankEntry } {
  const matches = lines.flatMap((line, i) =>
    'entry' in line && line.entry.seed === seed && (flags === undefined || sameFlags(line.entry.flags, flags))
      ? [i]
      : [],
  );
  if (matches.length === 0) throw new SeedBankError(0, `no entry for seed ${seed}`);
  if (matches.length > 1) {
    const listed = matches.map((i) => formatEntry((lines[i] as { entry: SeedBankEntry }).entry)).join('; ');
    throw new SeedBankError(0, `${matches.length} entries for seed ${seed}; name the flags too: ${listed}`);
  }
  const at = matches[0] as number;
  return { lines: lines.filter((_, i) => i !== at), removed: (lines[at] as { entry: SeedBankEntry }).entry };
}

/** The entry's world flags as command-line arguments, seed first. */
export function entryArgv(entry: SeedBankEntry): string[] {
  return ['--seed', String(entry.seed), ...entry.flags.map(([name, value]) => `--${name}=${value}`)];
}
