/**
 * Runs bin/vopr as a real child process and watches it from outside: which world folders it
 * opens (read from /proc/<pid>/fd, so only this child's folders count, whatever else runs on
 * the machine), its output, and, when asked, a signal sent once a condition holds, with the
 * time from the signal to the exit. For the signal, kill and write-error tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VOPR = fileURLToPath(new URL('../../bin/vopr', import.meta.url));
const POLL_MS = 20;
/** World folders live here; both prefixes are the simulator's (plain and simulated disk). */
const BASES = [...new Set(['/dev/shm', tmpdir()])];
const WORLD_FOLDER = /^(vopr-|redlite-dst-)/;

export interface ChildWatch {
  /** What the watcher knows so far, for the condition that triggers the signal. */
  readonly folders: ReadonlySet<string>;
  /** Milliseconds since the child was first seen with a world folder open; null before. */
  readonly msSinceFirstFolder: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildResult extends ChildWatch {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal to the exit; null when no signal was sent. */
  exitMsAfterSignal: number | null;
}

export interface ChildOptions {
  /** Send this signal once `when` holds. */
  signal?: NodeJS.Signals;
  when?: (watch: ChildWatch) => boolean;
  /** Killed with SIGKILL (and the test fails on the result) after this long. */
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/** The world folders `pid` has open files in right now. */
function openWorldFolders(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const folders: string[] = [];
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    for (const base of BASES) {
      if (!target.startsWith(`${base}/`)) continue;
      const first = target.slice(base.length + 1).split('/')[0] ?? '';
      if (WORLD_FOLDER.test(first)) folders.push(`${base}/${first}`);
    }
  }
  return folders;
}

export function runVopr(args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(VOPR, [...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
    });
    const folders = new Set<string>();
    let stdout = '';
    let stderr = '';
    let signalledAt: number | null = null;
    let firstFolderAt: number | null = null;
    const watch = (): ChildWatch => ({
      folders,
      msSinceFirstFolder: firstFolderAt === null ? null : performance.now() - firstFolderAt,
      stdout,
      stderr,
    });
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      for (const folder of openWorldFolders(child.pid)) folders.add(folder);
      if (firstFolderAt === null && folders.size > 0) firstFolderAt = performance.now();
      if (options.signal !== undefined && signalledAt === null && (options.when?.(watch()) ?? true)) {
        signalledAt = performance.now();
        child.kill(options.signal);
      }
    }, POLL_MS);
    const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timeout);
      const exitMsAfterSignal = signalledAt === null ? null : performance.now() - signalledAt;
      resolve({ ...watch(), pid: child.pid ?? -1, code, signal, exitMsAfterSignal });
    });
  });
}

/** The folders among `folders` that still exist. */
export function remaining(folders: Iterable<string>): string[] {
  return [...folders].filter((folder) => existsSync(folder));
}
