/**
 * The `trace-reader` fuzz target: loading a trace file (sim/trace-tools/load-trace.ts), which
 * replay, shrink and bisect all start from. Whatever the bytes, loading must either succeed
 * or refuse with a TraceInputError whose message names the problem; any other exception is a
 * finding. Each input is written to a file in the scratch folder and loaded through the real
 * path. The seeds are real traces of two short worlds, one with crashes, and one of them cut
 * before its outcome line, so mutations start deep in the format; the dictionary is every
 * JSON key those traces use.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWorld } from '../../run.ts';
import { loadTrace, TraceInputError } from '../../trace-tools/load-trace.ts';
import type { FuzzTarget } from './types.ts';

const JSON_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  'null',
  'true',
  'false',
  '-1',
  '1e999',
  '\\u0000',
  '\n',
];

function seedTrace(scratchDir: string, seed: bigint, scenario: string, ops: number): Buffer {
  const tracePath = join(scratchDir, `seed-${seed}.trace.jsonl`);
  runWorld({ seed, scenario, opsMax: ops, logLevel: 'silent', tracePath });
  return readFileSync(tracePath);
}

export function createTarget(scratchDir: string): FuzzTarget {
  const inputPath = join(scratchDir, 'input.trace.jsonl');
  const kv = seedTrace(scratchDir, 1n, 'kv', 12);
  const crash = seedTrace(scratchDir, 2n, 'crash', 20);
  // A trace cut before its outcome line carries no hash to check, so mutated events there
  // reach the event parser instead of stopping at the hash.
  const unfinished = kv.subarray(0, kv.lastIndexOf('\n', kv.length - 2) + 1);
  const seeds = [kv, crash, unfinished];
  const keys = new Set<string>();
  for (const seed of seeds)
    for (const match of seed.toString('utf8').matchAll(/"([A-Za-z_]+)":/g)) keys.add(`"${match[1]}"`);
  return {
    seeds: () => seeds,
    dictionary: [...JSON_TOKENS, ...keys],
    run(input) {
      writeFileSync(inputPath, input);
      try {
        loadTrace(inputPath);
      } catch (error) {
        if (error instanceof TraceInputError) return;
        throw error;
      }
    },
    dispose: () => {},
  };
}
