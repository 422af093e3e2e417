/**
 * Provenance, the one definition shared by trace headers and sweep reports: the tool's name
 * and version from package.json, the git commit, and the Node and SQLite versions. None of it
 * enters a trace hash, and none of it reaches a world.
 *
 * The commit comes from git itself rather than from reading `.git` by hand: git knows worktrees
 * (where `.git` is a file), packed refs and uncommitted changes, which it marks with `-dirty`.
 * Outside a checkout, CI's GITHUB_SHA stands in. It is read once per process and root: a
 * sweep worker pays for the two git calls once, not per trace.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIRTY_SUFFIX = '-dirty';

export interface ToolInfo {
  readonly tool: { readonly name: string; readonly version: string; readonly commit: string | null };
  readonly node: string;
  readonly sqlite: string | null;
}

const cached = new Map<string, ToolInfo>();

function git(root: string, args: readonly string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      // A status run beside other processes must not take the index lock to refresh it.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    }).trim();
  } catch {
    return null;
  }
}

function readCommit(root: string): string | null {
  const head = git(root, ['rev-parse', 'HEAD']);
  if (head === null || !/^[0-9a-f]{40}$/.test(head)) return process.env.GITHUB_SHA ?? null;
  const changes = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return changes === null || changes === '' ? head : `${head}${DIRTY_SUFFIX}`;
}

function readPackage(root: string): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return { name: pkg.name ?? 'redlite-dst', version: pkg.version ?? '0.0.0' };
  } catch {
    // A copy of the tool without its package.json still names itself.
    return { name: 'redlite-dst', version: '0.0.0' };
  }
}

function readSqliteVersion(): string | null {
  try {
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as version').get() as { version: string };
    db.close();
    return row.version;
  } catch {
    return null;
  }
}

/** The provenance of the tool checked out at `root` (this repository by default). */
export function toolInfo(root: string = REPO_ROOT): ToolInfo {
  const known = cached.get(root);
  if (known !== undefined) return known;
  const info: ToolInfo = {
    tool: { ...readPackage(root), commit: readCommit(root) },
    node: process.version,
    sqlite: readSqliteVersion(),
  };
  cached.set(root, info);
  return info;
}
