/**
 * Where a property's sequence runs: redlite in memory (fast, for the properties that never
 * restart), or on a simulated disk (faults/SimDisk) for crash_recovery_consistent, where a
 * crash copies the page-cache files as they are, without closing, and reopens on the copy.
 * Both open redlite on the property's virtual clock, so TTLs are exact and deterministic.
 */
import { SimDisk } from '../../faults/index.ts';
import type { VirtualClock } from '../VirtualClock.ts';
import { TARGET_LOCKING, type TargetFactory, type TargetOptions, type WorldTarget } from '../world/target.ts';

export type StoreKind = 'memory' | 'disk';

export interface SequenceStore {
  readonly target: WorldTarget;
  /** A process crash: the files are copied as they are and redlite reopens on the copy. */
  crash(): void;
  dispose(): void;
}

export class CrashUnsupportedError extends Error {
  constructor() {
    super('a crash step needs the disk store; in-memory properties never generate one');
    this.name = 'CrashUnsupportedError';
  }
}

/** Checkpoint size: SQLite's default, so a sequence's WAL is rarely checkpointed before a crash. */
const WAL_CHECKPOINT_PAGES = 1000;

function optionsFor(clock: VirtualClock): TargetOptions {
  return { clock, synchronous: 'normal', walCheckpointPages: WAL_CHECKPOINT_PAGES, locking: TARGET_LOCKING };
}

function memoryStore(factory: TargetFactory, clock: VirtualClock): SequenceStore {
  const target = factory(':memory:', optionsFor(clock));
  return {
    target,
    crash: () => {
      throw new CrashUnsupportedError();
    },
    dispose: () => target.close(),
  };
}

function diskStore(factory: TargetFactory, clock: VirtualClock): SequenceStore {
  const disk = new SimDisk();
  let target: WorldTarget;
  try {
    target = factory(disk.dbPath, optionsFor(clock));
  } catch (error) {
    disk.destroy();
    throw error;
  }
  return {
    get target() {
      return target;
    },
    crash() {
      const { dbPath } = disk.crash();
      // The copy is already taken and the old folder removed, so closing the abandoned
      // connection now changes nothing the reopened store sees; it only returns its file
      // handles, which a thousand runs would otherwise pile up until garbage collection.
      target.close();
      target = factory(dbPath, optionsFor(clock));
    },
    dispose() {
      try {
        target.close();
      } finally {
        disk.destroy();
      }
    },
  };
}

export function openSequenceStore(
  kind: StoreKind,
  factory: TargetFactory,
  clock: VirtualClock,
): SequenceStore {
  return kind === 'memory' ? memoryStore(factory, clock) : diskStore(factory, clock);
}
