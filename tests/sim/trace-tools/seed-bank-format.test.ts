/**
 * The seed bank's text format: parse and write round trip, comments kept, and named errors
 * (with line numbers) for every malformed field. Running the bank is in seeds-cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  addEntry,
  entries,
  entryArgv,
  formatBank,
  formatEntry,
  parseBank,
  parseEntry,
  removeEntry,
  SeedBankError,
} from '../../../sim/trace-tools/seed-bank.ts';

const BANK = `# the regression seed bank
2025-06-01 seed=42 --scenario=lists --ops=300 -- LPOP emptying a list must delete the key

2025-06-02 seed=0x10 --ops=200 trace=tests/regressions/incr.trace.jsonl -- INCR -- off by one on keys ending in 7
`;

describe('seed bank format', () => {
  it('parses entries and keeps comments and blank lines verbatim', () => {
    const lines = parseBank(BANK);
    expect(lines).toHaveLength(4);
    const [first, second] = entries(lines);
    expect(first).toEqual({
      date: '2025-06-01',
      seed: 42n,
      flags: [
        ['scenario', 'lists'],
        ['ops', '300'],
      ],
      description: 'LPOP emptying a list must delete the key',
    });
    expect(second?.seed).toBe(16n);
    expect(second?.trace).toBe('tests/regressions/incr.trace.jsonl');
    expect(second?.description).toBe('INCR -- off by one on keys ending in 7');
    expect(entryArgv(first!)).toEqual(['--seed', '42', '--scenario=lists', '--ops=300']);
  });

  it('writes what it parses (seeds canonical in decimal)', () => {
    expect(formatBank(parseBank(BANK))).toBe(BANK.replace('seed=0x10', 'seed=16'));
  });

  it.each([
    ['2025-13-01 seed=1 -- x', /line 3: bad date/],
    ['2025-06-01 42 -- x', /line 3: expected seed=N/],
    ['2025-06-01 seed=-1 -- x', /line 3: invalid seed/],
    ['2025-06-01 seed=1 --ops 3 -- x', /line 3: bad field "--ops"/],
    ['2025-06-01 seed=1 --ops=3', /line 3: missing ' -- '/],
    ['2025-06-01 seed=1 -- ', /line 3: empty description/],
  ])('rejects %j with a named error', (line, message) => {
    const text = `# header\n\n${line}\n`;
    expect(() => parseBank(text)).toThrow(SeedBankError);
    expect(() => parseBank(text)).toThrow(message);
  });

  it('adds, refuses duplicates, and removes by seed and flags', () => {
    let lines = parseBank(BANK);
    const entry = parseEntry('2025-07-01 seed=42 --scenario=hashes -- HDEL of the last field');
    lines = addEntry(lines, entry);
    expect(() => addEntry(lines, entry)).toThrow(/already banked/);
    expect(() => removeEntry(lines, 42n)).toThrow(/2 entries for seed 42/);
    const { lines: after, removed } = removeEntry(lines, 42n, [['scenario', 'hashes']]);
    expect(removed.description).toBe('HDEL of the last field');
    expect(entries(after)).toHaveLength(2);
    expect(() => removeEntry(after, 99n)).toThrow(/no entry for seed 99/);
  });

  it('refuses to write what it could not read back', () => {
    const entry = parseEntry('2025-06-01 seed=1 -- x');
    expect(() => formatEntry({ ...entry, description: 'two\nlines' })).toThrow(SeedBankError);
    expect(() => formatEntry({ ...entry, flags: [['ops', 'a b']] })).toThrow(SeedBankError);
    expect(() => formatEntry({ ...entry, trace: 'has space' })).toThrow(SeedBankError);
  });

  it('round-trips expect= and keeps traces inside the bank folder', () => {
    const line =
      '2026-01-01 seed=2 --scenario=power-loss trace=seed-bank/a.trace.jsonl expect=wal_durability -- found';
    const entry = parseEntry(line);
    expect(entry.expect).toBe('wal_durability');
    expect(formatEntry(entry)).toBe(line);
    for (const trace of ['/etc/passwd', '../x.jsonl', 'a/../../x.jsonl']) {
      expect(() => parseEntry(`2026-01-01 seed=2 trace=${trace} -- x`, 4)).toThrow(
        /^seed bank line 4: trace /,
      );
      expect(() => formatEntry({ ...entry, trace })).toThrow(SeedBankError);
    }
    expect(() => parseEntry('2026-01-01 seed=2 expect=Not-An-Invariant -- x', 2)).toThrow(
      /line 2: bad expect=/,
    );
    expect(() => formatEntry({ ...entry, description: 'z'.repeat(201) })).toThrow(/at most 200 characters/);
  });
});
