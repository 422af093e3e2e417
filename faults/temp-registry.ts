/**
 * The process-wide registry of temporary folders made by simulated disks. A world removes its
 * folder when it ends, but a thrown error, an `exit` or a Ctrl-C can end a run first; the
 * registry then removes every folder still live, so no run leaves tmpfs filling up. Folders a
 * user asked to keep are not removed; their location is printed instead.
 *
 * The signal handlers run once: they clean up, then re-raise the signal when nobody else
 * listens for it, so the process still dies of that signal as it would have without us.
 */
import { rmSync } from 'node:fs';

type Printer = (message: string) => void;

const removable = new Set<string>();
const kept = new Map<string, Printer>();
let installed = false;

/** Registers a folder to remove at exit, or, with `keep`, to report at exit. */
export function registerTempFolder(folder: string, keep: boolean, print: Printer): void {
  installHandlers();
  if (keep) kept.set(folder, print);
  else removable.add(folder);
}

/** Forgets a folder its owner has already dealt with. */
export function unregisterTempFolder(folder: string): void {
  removable.delete(folder);
  kept.delete(folder);
}

/** Whether `folder` is registered still: a cleanup has not dealt with it, nor its owner. */
export function isRegisteredTempFolder(folder: string): boolean {
  return removable.has(folder) || kept.has(folder);
}

/** The folders the registry would remove right now, for tests. */
export function liveTempFolders(): string[] {
  return [...removable].sort();
}

/** Removes every registered folder and reports the kept ones. Safe to call more than once. */
export function cleanupTempFolders(): void {
  for (const folder of removable) rmSync(folder, { recursive: true, force: true });
  removable.clear();
  for (const [folder, print] of kept) print(`simulated disk files kept in ${folder}`);
  kept.clear();
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupTempFolders);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanupTempFolders();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
