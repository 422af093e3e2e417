/**
 * Reading and writing the seed bank file. A missing bank reads as empty (the first `add`
 * creates it with a short header); any malformed line is a SeedBankError naming the line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { formatBank, parseBank, type SeedBankLine } from './seed-bank.ts';

export const BANK_HEADER = [
  '# The regression seed bank: seeds that failed once (on redlite or under a planted bug) and',
  '# must pass now. `vopr seeds test` runs every entry. One entry per line: date, seed, world',
  '# flags, an optional trace, then " -- " and what the seed exercises. Edit with',
  '# `vopr seeds add | remove`, or by hand.',
];

export function readBank(path: string): SeedBankLine[] {
  if (!existsSync(path)) return BANK_HEADER.map((text) => ({ text }));
  return parseBank(readFileSync(path, 'utf8'));
}

export function writeBank(path: string, lines: readonly SeedBankLine[]): void {
  writeFileSync(path, formatBank(lines));
}
