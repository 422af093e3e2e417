/**
 * The I/O shim's log is one per process, but a process may hold several simulated disks (a
 * test that builds two worlds, a bench beside a test). This router drains the shared log and
 * hands each event to the disk whose folder holds the file, in log order; events of folders no
 * disk owns (a test recording its own folder) are left for nobody and dropped here.
 *
 * Left out: what a disk does with its events (observed-sync.ts).
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { IoShim } from './vfs/IoShim.ts';
import type { IoEvent } from './vfs/io-events.ts';

interface Inbox {
  readonly prefix: string;
  readonly events: IoEvent[];
}

const inboxes = new Map<string, Inbox>();

function pathOf(event: IoEvent): string {
  return event.type === 'delete' ? event.path : event.file.path;
}

/** Starts recording `root` (and every folder under it) for one disk; returns the shim. */
export function routeFolder(root: string): IoShim {
  const shim = IoShim.load();
  const real = realpathSync(root);
  inboxes.set(root, { prefix: real.endsWith(sep) ? real : `${real}${sep}`, events: [] });
  shim.startRecording(root);
  return shim;
}

/**
 * Forgets `root`'s undelivered events and stops recording it, when it still exists (a removed
 * folder can hold no file the shim could log).
 */
export function unrouteFolder(root: string, exists = true): void {
  if (!inboxes.delete(root)) return;
  if (exists) IoShim.load().stopRecording(root);
}

/** Drains the shim and returns the events of `root` since the last call, in order. */
export function takeEvents(root: string): IoEvent[] {
  const own = inboxes.get(root);
  if (own === undefined) return [];
  const shim = IoShim.load();
  for (const event of shim.drain()) {
    const path = pathOf(event);
    for (const inbox of inboxes.values()) {
      if (path.startsWith(inbox.prefix)) {
        inbox.events.push(event);
        break;
      }
    }
  }
  return own.events.splice(0);
}
