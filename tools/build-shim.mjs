#!/usr/bin/env node
/**
 * Builds the SQLite I/O shim (faults/vfs/*.c) into build/vfs-shim/, against the SQLite headers
 * that better-sqlite3 compiles its own SQLite from, so the shim and the library agree.
 *
 * It runs at `npm ci` (the postinstall script), by `npm run build:shim` (which forces a
 * rebuild), and from the binding (faults/vfs/shim-library.ts) when a source is newer than the
 * library. Without `--force` it does nothing when the library is newer than every input.
 *
 * A missing compiler or a failed compile ends in exit status 1 and one readable message, never
 * a silent fallback: without the shim the simulator cannot see SQLite's real I/O.
 *
 * Plain Node with no dependencies, so that it runs at install time before anything else.
 * Compiler: $CC, else `cc`. Linux and macOS only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(repoRoot, 'faults', 'vfs');
const outputDir = join(repoRoot, 'build', 'vfs-shim');
/** The name makes SQLite's derived entry point `sqlite3_dstshim_init`. */
const libraryName = process.platform === 'darwin' ? 'dst_shim.dylib' : 'dst_shim.so';
const libraryPath = join(outputDir, libraryName);

class ShimBuildFailure extends Error {
  constructor(message) {
    super(message);
    this.name = 'ShimBuildFailure';
  }
}

function sqliteIncludeDir() {
  const require = createRequire(import.meta.url);
  let packageJson;
  try {
    packageJson = require.resolve('better-sqlite3/package.json');
  } catch {
    throw new ShimBuildFailure('better-sqlite3 is not installed; run `npm ci` first.');
  }
  const include = join(dirname(packageJson), 'deps', 'sqlite3');
  for (const header of ['sqlite3.h', 'sqlite3ext.h']) {
    if (!exists(join(include, header))) {
      throw new ShimBuildFailure(`better-sqlite3 ships no ${header} in ${include}.`);
    }
  }
  return include;
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function sources() {
  return readdirSync(sourceDir)
    .filter((name) => name.endsWith('.c'))
    .sort()
    .map((name) => join(sourceDir, name));
}

/** Every file whose change calls for a rebuild: the C files, the headers, this script. */
function inputs(include) {
  const own = readdirSync(sourceDir)
    .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
    .map((name) => join(sourceDir, name));
  return [...own, join(include, 'sqlite3.h'), join(include, 'sqlite3ext.h'), fileURLToPath(import.meta.url)];
}

function isFresh(include) {
  if (!exists(libraryPath)) return false;
  const builtMs = statSync(libraryPath).mtimeMs;
  return inputs(include).every((input) => statSync(input).mtimeMs <= builtMs);
}

function compile(include) {
  const compiler = process.env.CC || 'cc';
  const probe = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    throw new ShimBuildFailure(
      `no C compiler: running \`${compiler}\` failed (${probe.error.code ?? probe.error.message}). ` +
        'Install one (Debian/Ubuntu: apt-get install build-essential; macOS: xcode-select --install) ' +
        'or point $CC at one, then run `npm run build:shim`.',
    );
  }
  mkdirSync(outputDir, { recursive: true });
  // Parallel test processes may rebuild at once: each writes its own file, then renames it.
  const partial = `${libraryPath}.${process.pid}.partial`;
  const args = [
    '-std=c11',
    '-O2',
    '-Wall',
    '-Wextra',
    '-shared',
    '-fPIC',
    '-fvisibility=hidden',
    '-I',
    include,
    '-o',
    partial,
    ...sources(),
  ];
  const result = spawnSync(compiler, args, { encoding: 'utf8' });
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    throw new ShimBuildFailure(
      `\`${compiler}\` failed (exit ${result.status ?? result.signal}) compiling faults/vfs/*.c; ` +
        'its messages are above.',
    );
  }
  renameSync(partial, libraryPath);
}

function main() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new ShimBuildFailure(
      `unsupported platform ${process.platform}: the shim builds on Linux and macOS.`,
    );
  }
  const force = process.argv.includes('--force');
  const include = sqliteIncludeDir();
  if (!force && isFresh(include)) return;
  compile(include);
  if (!process.argv.includes('--quiet')) console.log(`built the SQLite I/O shim: ${libraryPath}`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof ShimBuildFailure)) throw error;
  console.error(`error: cannot build the SQLite I/O shim: ${error.message}`);
  process.exit(1);
}
