/**
 * The compiled shim: where it lives (build/vfs-shim/, ignored by git) and making sure it is
 * there and newer than what it is built from (its C files, SQLite's headers, the build script). `npm ci` builds it (postinstall); when a source has
 * changed since, or the build folder is gone, this runs the same build script again, so a
 * test run or `bin/vopr` never loads a shim older than its code. A failed build throws; it
 * never falls back to running without the shim.
 *
 * Left out: the compiler invocation itself (tools/build-shim.mjs).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShimBuildError, ShimNotBuiltError } from './shim-errors.ts';

const sourceDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(sourceDir, '..', '..');
const buildScript = join(repoRoot, 'tools', 'build-shim.mjs');

export const SHIM_LIBRARY_PATH = join(
  repoRoot,
  'build',
  'vfs-shim',
  process.platform === 'darwin' ? 'dst_shim.dylib' : 'dst_shim.so',
);

function modifiedMs(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** What the library is built from, as the build script counts it: a newer one means a rebuild. */
function inputs(): string[] {
  const sqliteHeaders = join(
    dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
    'deps',
    'sqlite3',
  );
  return [
    ...readdirSync(sourceDir)
      .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
      .map((name) => join(sourceDir, name)),
    join(sqliteHeaders, 'sqlite3.h'),
    join(sqliteHeaders, 'sqlite3ext.h'),
    buildScript,
  ];
}

function isStale(): boolean {
  const builtMs = modifiedMs(SHIM_LIBRARY_PATH);
  if (builtMs === null) return true;
  return inputs().some((input) => (modifiedMs(input) ?? 0) > builtMs);
}

/** The path of an up-to-date shim, building it first when needed. */
export function ensureShimLibrary(): string {
  if (isStale()) {
    try {
      execFileSync(process.execPath, [buildScript, '--quiet'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      throw new ShimBuildError(`${failed.stderr ?? ''}${failed.stdout ?? ''}` || failed.message);
    }
  }
  if (modifiedMs(SHIM_LIBRARY_PATH) === null) throw new ShimNotBuiltError(SHIM_LIBRARY_PATH);
  return SHIM_LIBRARY_PATH;
}
