/**
 * WATCH bookkeeping shared by every session over one Redlite, as Redis 7.0's multi.c keeps it:
 * for each (database, key) the watches on it, in the order they were taken. A committed change
 * to a watched key marks its watchers dirty (their next EXEC answers the nil array), with one
 * exception Redis also makes: a key already expired when it was watched counts as absent, so its
 * deletion (lazily, by active expiry or by FLUSHDB) is no change; it only clears that mark.
 *
 * Each watch also keeps the key's version as it stood (`Redlite.keyState`), which EXEC compares
 * with the current one: that catches expiry since WATCH (Redis's `isWatchedKeyExpired`) and
 * changes made through other handles on the same file, which send this hub no notification.
 *
 * Leaves out the session side (which keys a session watches, its dirty flag): see Session.ts.
 */
import type { KeyChange } from '../key-changes.ts';
import type { KeyState } from '../Redlite.ts';
import { keySlot } from './key-slot.ts';

/** What a watcher must be told: its watched key changed. */
export interface Watcher {
  watchedKeyChanged(): void;
}

export interface Watch {
  readonly watcher: Watcher;
  readonly db: number;
  readonly key: Buffer;
  readonly slot: string;
  /** The key had expired (but was not deleted yet) when watched: it counts as absent. */
  expiredWhenWatched: boolean;
  /** The key's row when watched, or null when it was absent (or already expired). */
  readonly version: { readonly id: number; readonly version: number } | null;
}

/** The logical row behind a key state: an expired key is as good as absent. */
export function liveVersion(state: KeyState | null): Watch['version'] {
  return state === null || state.expired ? null : { id: state.id, version: state.version };
}

export class WatchTable {
  private readonly bySlot = new Map<string, Watch[]>();

  get watchedKeyCount(): number {
    return this.bySlot.size;
  }

  add(watcher: Watcher, db: number, key: Buffer, state: KeyState | null): Watch {
    const slot = keySlot(db, key);
    const watch: Watch = {
      watcher,
      db,
      key,
      slot,
      expiredWhenWatched: state?.expired === true,
      version: liveVersion(state),
    };
    const list = this.bySlot.get(slot);
    if (list === undefined) this.bySlot.set(slot, [watch]);
    else list.push(watch);
    return watch;
  }

  remove(watch: Watch): void {
    const list = this.bySlot.get(watch.slot);
    if (list === undefined) return;
    const index = list.indexOf(watch);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.bySlot.delete(watch.slot);
  }

  /** Redis `touchWatchedKey` (and, per key, `touchAllWatchedKeysInDb` for FLUSHDB). */
  keyChanged(db: number, key: Buffer, change: KeyChange): void {
    const list = this.bySlot.get(keySlot(db, key));
    if (list === undefined) return;
    // Watchers unwatch everything when told, which edits this list: walk a copy.
    for (const watch of [...list]) {
      if (watch.expiredWhenWatched && change === 'deleted') {
        watch.expiredWhenWatched = false;
        continue;
      }
      watch.watcher.watchedKeyChanged();
    }
  }
}
