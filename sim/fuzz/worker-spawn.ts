/**
 * Starting the fuzzer's worker thread with TypeScript support. A worker does not inherit the
 * tsx loader that `bin/vopr` (or vitest) runs under, so it starts from a two-line script that
 * registers tsx's ESM hooks and then imports sim/fuzz/fuzz-worker.ts. tsx's API is found
 * through its package's own export map, so no internal path is hard-coded.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FuzzWorkerData } from './protocol.ts';

const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ register }) => { register(); return import(workerData.entry); });`;

/** V8 heap of one worker: a runaway input costs the worker, not the process. */
export const WORKER_HEAP_MB = 1024;

let tsxApiUrl: string | null = null;

export function tsxApi(): string {
  if (tsxApiUrl === null) {
    const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
    const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<
      string,
      { import: { default: string } }
    >;
    tsxApiUrl = pathToFileURL(
      join(dirname(manifest), (exports['./esm/api'] as { import: { default: string } }).import.default),
    ).href;
  }
  return tsxApiUrl;
}

export function workerEntry(): string {
  return new URL('./fuzz-worker.ts', import.meta.url).href;
}

export function spawnFuzzWorker(data: FuzzWorkerData): Worker {
  return new Worker(BOOT, {
    eval: true,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // Piped here rather than to the process's own streams, so a target that prints cannot
    // break a --json last line; the supervisor keeps the tail of stderr for a dying worker.
    stdout: true,
    stderr: true,
  });
}
