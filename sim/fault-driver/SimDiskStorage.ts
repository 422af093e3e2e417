/**
 * The world's storage on the simulated disk (faults/SimDisk), observing SQLite's real I/O
 * through the shim: the disk replays what SQLite wrote and synced after every step, so a sync
 * point is what SQLite synced, never what the configured `synchronous` mode promises. A step
 * ends at each of redlite's commits and checkpoints, and wherever the fault driver asks
 * (before and after every op, before every fault): the hooks say only when to read the log,
 * the log says what happened. Every world with faults on uses it (a fault-free world has
 * nothing to read the platter back, so it keeps a plain folder; see sim-disk-backend.ts).
 *
 * A listener hears each step (the durability checker moves its durable point there, and the
 * fault driver sees the injected I/O faults that fired), and the statement hook lets the fault
 * driver raise a crash or an I/O error between two statements of one command.
 */
import { type IoStep, SimDisk } from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';
import type { Durability } from '../run-types.ts';
import type { Storage } from '../world/Storage.ts';
import type { TargetHooks } from '../world/target.ts';

export interface StorageListener {
  beforeStatement(info: unknown): void;
  onIoStep(step: IoStep): void;
}

export class SimDiskStorage implements Storage {
  readonly disk: SimDisk;
  /** The mode the world asked redlite for: reported, never trusted for sync points. */
  readonly durability: Durability;
  private listener: StorageListener | null = null;
  private readonly targetHooks: TargetHooks;

  /** `digestIo`: keep the disk's digest of SQLite's I/O, for tests that compare two runs. */
  constructor(durability: Durability, keepFiles: boolean, options: { readonly digestIo?: boolean } = {}) {
    this.disk = new SimDisk({ keepFiles, observeIo: true, digestIo: options.digestIo === true });
    this.durability = durability;
    this.targetHooks = {
      beforeStatement: (info) => this.listener?.beforeStatement(info),
      afterCommit: () => this.step(),
      afterCheckpoint: () => this.step(),
      afterOpenCheck: (outcome) => {
        if (outcome === 'reindexed') probe('recovery.index_rebuilt');
      },
    };
  }

  listen(listener: StorageListener): void {
    this.listener = listener;
  }

  /** Replays the I/O since the last step on the disk and tells the listener. */
  step(): IoStep {
    const step = this.disk.drainIo();
    this.listener?.onIoStep(step);
    return step;
  }

  dbPath(): string {
    return this.disk.dbPath;
  }

  hooks(): TargetHooks {
    return this.targetHooks;
  }

  dispose(keep: boolean): string | null {
    const root = this.disk.root;
    this.disk.destroy();
    return keep ? root : null;
  }
}
