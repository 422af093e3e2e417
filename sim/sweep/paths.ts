/**
 * Where the sweep's moving parts live, resolved from this file rather than the working
 * directory, so `vopr sweep` works from any folder: the worker entry, tsx's loader (so workers
 * run TypeScript), the default runner module and the repository root.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export function workerModulePath(): string {
  return fileURLToPath(new URL('./worker.ts', import.meta.url));
}

export function tsxLoaderPath(): string {
  return createRequire(import.meta.url).resolve('tsx/esm');
}

export function repoRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** The simulator's runSeed module (sim/run.ts). */
export function defaultRunnerModule(): string {
  return fileURLToPath(new URL('../run.ts', import.meta.url));
}

export class RunnerMissingError extends Error {
  constructor(path: string) {
    super(`the simulator's runSeed module is missing (${path})`);
    this.name = 'RunnerMissingError';
  }
}

export function checkRunnerModule(path: string): void {
  if (!existsSync(path)) throw new RunnerMissingError(path);
}
