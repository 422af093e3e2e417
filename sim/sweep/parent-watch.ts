/**
 * A sweep worker's watch on its parent, on a thread of its own. A seed runs synchronously on
 * the worker's main thread, for seconds when it is long, so the IPC 'disconnect' event that
 * tells the worker its parent is gone cannot run until the seed ends: a worker orphaned mid-seed
 * would go on to the end of it. The watch thread polls the parent's pid instead; when the worker
 * has been reparented (its parent died, kill -9 included), it removes the worker's folder, and
 * the sweep's folder when its owner marker names that dead parent, then kills the worker with
 * SIGKILL: the main thread is busy, so no exit hook could run anyway, and the folders it would
 * have removed are gone already.
 *
 * The thread runs plain JavaScript from a string: it needs nothing of this code base, and a
 * thread started from a TypeScript file would need the loader. It reads the real clock through
 * its timer, which never reaches a world or a trace.
 */
import { basename, dirname } from 'node:path';
import { Worker } from 'node:worker_threads';

/** How often the thread looks at the parent's pid: an orphan lives at most this much longer. */
export const PARENT_WATCH_PERIOD_MS = 200;

const WATCHER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
setInterval(() => {
  if (process.ppid === workerData.parentPid) return;
  if (workerData.workerDir !== null) rmSync(workerData.workerDir, { recursive: true, force: true });
  if (workerData.sweepDir !== null) {
    try {
      const owner = JSON.parse(readFileSync(join(workerData.sweepDir, 'owner.json'), 'utf8'));
      if (owner.pid === workerData.parentPid) rmSync(workerData.sweepDir, { recursive: true, force: true });
    } catch {}
  }
  process.kill(process.pid, 'SIGKILL');
}, workerData.periodMs);
`;

/**
 * Starts the watch. `workerDir` is the worker's own folder inside the sweep's (VOPR_TEMP_DIR),
 * or null when it has none. The thread does not keep the worker alive.
 */
export function watchParent(workerDir: string | null): void {
  const sweepDir = workerDir === null ? null : dirname(workerDir);
  const watcher = new Worker(WATCHER_SOURCE, {
    eval: true,
    workerData: {
      parentPid: process.ppid,
      workerDir,
      sweepDir: sweepDir !== null && basename(sweepDir).startsWith('vopr-sweep-') ? sweepDir : null,
      periodMs: PARENT_WATCH_PERIOD_MS,
    },
  });
  watcher.unref();
}
