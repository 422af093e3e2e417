/**
 * The regression seed bank's file format: one reviewable text file, one entry per line.
 *
 *     # comments and blank lines are kept as they are
 *     2025-06-01 seed=42 --scenario=lists --ops=300 -- LPOP emptying a list must delete the key
 *     2025-06-02 seed=7 --ops=200 trace=tests/regressions/incr.trace.jsonl -- INCR off by one
 *
 * Fields before the lone `--` are the date (YYYY-MM-DD), the seed, the world flags exactly as
 * typed on the command line (`--name=value`), and optionally a trace file to replay too; the
 * description follows the `--`. This file parses and writes that text and edits the entry
 * list; what the flags mean is `seed-bank-flags.ts`, running the entries is `seed-bank-run.ts`,
 * and the date is always passed in.
 */
import { parseSeed } from '../random/seed.ts';

export interface SeedBankEntry {
  /** The day the entry was added, YYYY-MM-DD. */
  date: string;
  seed: bigint;
  /** World flags in command-line order, names without the leading dashes. */
  flags: [name: string, value: string][];
  /** A trace file to replay as well, relative to the bank file's folder. */
  trace?: string;
  description: string;
}

/** A bank line is either an entry or text (a comment or a blank line) kept verbatim. */
export type SeedBankLine = { entry: SeedBankEntry } | { text: string };

export class SeedBankError extends Error {
  readonly line: number;
  constructor(line: number, reason: string) {
    super(line > 0 ? `seed bank line ${line}: ${reason}` : `seed bank: ${reason}`);
    this.name = 'SeedBankError';
    this.line = line;
  }
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FLAG = /^--([a-z][a-z0-9-]*)=(\S+)$/;
/** A bound on one line's length keeps a pasted trace from becoming an entry. */
const LINE_CHARS_MAX = 2000;

export function parseEntry(text: string, line = 0): SeedBankEntry {
  if (text.length > LINE_CHARS_MAX) throw new SeedBankError(line, `longer than ${LINE_CHARS_MAX} characters`);
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
      entry.trace = token.slice('trace='.length);
      continue;
    }
    const flag = FLAG.exec(token);
    if (!flag) throw new SeedBankError(line, `bad field ${JSON.stringify(token)} (expected --name=value)`);
    entry.flags.push([flag[1] as string, flag[2] as string]);
  }
  return entry;
}

export function formatEntry(entry: SeedBankEntry): string {
  if (!DATE.test(entry.date)) throw new SeedBankError(0, `bad date ${JSON.stringify(entry.date)}`);
  const description = entry.description.trim();
  if (description === '' || /[\r\n]/.test(description)) {
    throw new SeedBankError(0, 'a description is one non-empty line');
  }
  const fields = [entry.date, `seed=${entry.seed}`];
  for (const [name, value] of entry.flags) {
    const field = `--${name}=${value}`;
    if (!FLAG.test(field)) throw new SeedBankError(0, `flag ${JSON.stringify(field)} cannot be written`);
    fields.push(field);
  }
  if (entry.trace !== undefined) {
    if (/\s/.test(entry.trace) || entry.trace === '')
      throw new SeedBankError(0, `bad trace path ${JSON.stringify(entry.trace)}`);
    fields.push(`trace=${entry.trace}`);
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
