/**
 * The fuzz targets `vopr fuzz --target` knows, by name, each a module the worker loads. The
 * RESP request parser is not among them yet: redlite has no request parser until its server
 * (redlite/server) lands, and a target with nothing behind it would fuzz nothing.
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
