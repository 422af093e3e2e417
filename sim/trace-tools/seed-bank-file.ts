/**
 * Reading and writing the seed bank file. A missing bank is an error for the commands that read
 * it (a mistyped `--bank` would otherwise test nothing and pass) and reads as empty, with a
 * short header, for `seeds add`, which creates it. A bank that cannot be read (a folder, no
 * permission) or holds a malformed line is a SeedBankError naming the file or the line (an
 * input error, exit 2); a bank that cannot be written is an OutputWriteError (exit 3).
 */
import { readFileSync, statSync } from 'node:fs';
import { writeOutputFile } from '../output-file.ts';
import { formatBank, parseBank, parseBankReporting, SeedBankError, type SeedBankLine } from './seed-bank.ts';

export const BANK_HEADER = [
  '# The regression seed bank: seeds that failed once (on redlite or under a planted bug) and',
  '# must pass now, and demonstrated findings of redlite (expect=<invariant>) that must still',
  '# fail that way. `vopr seeds test` runs every entry. One entry per line: date, seed, world',
  '# flags, an optional trace (relative to this folder), an optional expect=, then " -- " and',
  '# what the seed exercises. Edit with `vopr seeds add | remove`, or by hand.',
];

/** The bank's text, or null when there is no such file (nor a folder it could be made in). */
function readText(path: string): string | null {
  try {
    const stats = statSync(path);
    if (stats.isDirectory())
      throw new SeedBankError(0, `cannot read ${path}: it is a folder, not a bank file`);
    // A device such as /dev/full reads as endless zeros; only a regular file is read.
    if (!stats.isFile()) throw new SeedBankError(0, `cannot read ${path}: not a regular file`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof SeedBankError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new SeedBankError(0, `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The bank's lines; a missing bank is an error unless `missingIsEmpty` (for `seeds add`). */
export function readBank(path: string, missingIsEmpty = false): SeedBankLine[] {
  const text = readText(path);
  if (text !== null) return parseBank(text);
  if (missingIsEmpty) return BANK_HEADER.map((line) => ({ text: line }));
  throw new SeedBankError(0, `no seed bank at ${path}`);
}

/** The bank's lines with its malformed lines kept aside, for listing. */
export function readBankReporting(path: string): ReturnType<typeof parseBankReporting> {
  const text = readText(path);
  if (text === null) throw new SeedBankError(0, `no seed bank at ${path}`);
  return parseBankReporting(text);
}

export function writeBank(path: string, lines: readonly SeedBankLine[]): void {
  writeOutputFile(path, formatBank(lines), 'seed bank');
}
