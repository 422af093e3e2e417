/**
 * Provenance for the trace header: the tool version from package.json, the git commit when the
 * code runs from a checkout, and the Node and SQLite versions. None of it enters the trace hash.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ToolInfo {
  readonly tool: { readonly name: string; readonly version: string; readonly commit: string | null };
  readonly node: string;
  readonly sqlite: string | null;
}

let cached: ToolInfo | null = null;

function readCommit(): string | null {
  try {
    const gitDir = join(ROOT, '.git');
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    const loose = join(gitDir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((entry) => entry.endsWith(` ${ref}`));
    return line?.split(' ')[0] ?? null;
  } catch {
    return null;
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

export function toolInfo(): ToolInfo {
  if (cached !== null) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  cached = {
    tool: { name: pkg.name, version: pkg.version, commit: readCommit() },
    node: process.version,
    sqlite: readSqliteVersion(),
  };
  return cached;
}
