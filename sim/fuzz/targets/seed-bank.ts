/**
 * The `seed-bank` fuzz target: parsing the regression seed bank (sim/trace-tools/seed-bank.ts),
 * the text file people edit by hand. Whatever the text, parsing must either succeed or refuse
 * with a SeedBankError naming the line; any other exception is a finding. The seeds are bank
 * text in our format and a line in upstream redlite-dst's `SEED TEST_TYPE DESCRIPTION` form.
 */
import { parseBank, SeedBankError } from '../../trace-tools/seed-bank.ts';
import type { FuzzTarget } from './types.ts';

const SEEDS = [
  [
    '# The regression seed bank',
    '',
    '2025-06-01 seed=42 --scenario=lists --ops=300 -- LPOP emptying a list must delete the key',
    '2025-06-02 seed=0x7 --ops=200 trace=tests/regressions/incr.trace.jsonl -- INCR off by one',
    '2026-11-25 seed=12 --scenario=power-loss --durability=full --strict-durability=true -- power cut',
  ].join('\n'),
  '12345 properties Test seed for verification\n',
];

const DICTIONARY = [
  ' -- ',
  '--',
  'seed=',
  'trace=',
  '--scenario=',
  '--ops=',
  '--faults=',
  '#',
  '2025-02-29',
  '0x',
  '18446744073709551615',
  '18446744073709551616',
  '\n',
  '\r\n',
  ' ',
];

export function createTarget(): FuzzTarget {
  return {
    seeds: () => SEEDS.map((text) => Buffer.from(text)),
    dictionary: DICTIONARY,
    run(input) {
      try {
        parseBank(input.toString('utf8'));
      } catch (error) {
        if (error instanceof SeedBankError) return;
        throw error;
      }
    },
    dispose: () => {},
  };
}
