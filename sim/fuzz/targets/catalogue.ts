/**
 * The fuzz targets `vopr fuzz --target` knows, by name, each a module the worker loads.
 */
import { fileURLToPath } from 'node:url';

export interface TargetEntry {
  readonly name: string;
  /** Absolute path of the module exporting `createTarget`. */
  readonly module: string;
  readonly description: string;
}

function modulePath(file: string): string {
  return fileURLToPath(new URL(`./${file}`, import.meta.url));
}

export const FUZZ_TARGETS: readonly TargetEntry[] = [
  {
    name: 'resp',
    module: modulePath('resp.ts'),
    description:
      "redlite-server's RESP request parser: no throw, no hang, a reply or one protocol error then close, pieces never matter",
  },
  {
    name: 'redlite-exec',
    module: modulePath('redlite-exec.ts'),
    description: 'Redlite.exec with arbitrary argv bytes: always a well-formed reply, never a throw',
  },
  {
    name: 'trace-reader',
    module: modulePath('trace-reader.ts'),
    description: 'loading a trace file: it loads, or fails with TraceInputError',
  },
  {
    name: 'seed-bank',
    module: modulePath('seed-bank.ts'),
    description: 'parsing the seed bank: it parses, or fails with SeedBankError',
  },
];

export const FUZZ_TARGET_NAMES: readonly string[] = FUZZ_TARGETS.map((target) => target.name);
