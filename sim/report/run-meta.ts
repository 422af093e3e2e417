/**
 * Where and with what a report was made: the tool's name and version, the git commit, and the
 * host. Read once per sweep, outside any world.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import type { SweepReport } from './types.ts';

export function toolInfo(repoRoot: string): SweepReport['tool'] {
  let name = 'redlite-dst';
  let version = '0.0.0';
  try {
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as {
      name?: string;
      version?: string;
    };
    name = pkg.name ?? name;
    version = pkg.version ?? version;
  } catch {
    // A report without a package.json beside it still names the tool by default.
  }
  return { name, version, git: gitCommit(repoRoot) };
}

function gitCommit(repoRoot: string): string | null {
  const fromCi = process.env.GITHUB_SHA;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty === '' ? head : `${head}-dirty`;
  } catch {
    return fromCi ?? null;
  }
}

export function hostInfo(): SweepReport['host'] {
  return {
    hostname: hostname(),
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    node: process.version,
  };
}
