/**
 * The world's storage on the simulated disk (faults/SimDisk): SQLite's files live in the
 * disk's page-cache folder, and redlite's hooks mark the sync points, with
 * `synchronous=full` after every commit and in both modes at every checkpoint. Every world
 * with faults on uses it (a fault-free world has nothing to read the platter back, so it keeps
 * a plain folder; see sim-disk-backend.ts). A listener hears each
 * sync (the durability checker snapshots the model there), and the statement hook lets the
 * fault controller raise a crash or an I/O error between two statements of one command.
 */
import { SimDisk } from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';
import type { Durability } from '../run-types.ts';
import type { Storage } from '../world/Storage.ts';
import type { TargetHooks } from '../world/target.ts';

export type SyncKind = 'commit' | 'checkpoint';

export interface StorageListener {
  beforeStatement(info: unknown): void;
  onSync(kind: SyncKind): void;
}

export class SimDiskStorage implements Storage {
  readonly disk: SimDisk;
  private readonly durability: Durability;
  private listener: StorageListener | null = null;
  private readonly targetHooks: TargetHooks;

  constructor(durability: Durability, keepFiles: boolean) {
    this.disk = new SimDisk({ keepFiles });
    this.durability = durability;
    this.targetHooks = {
      beforeStatement: (info) => this.listener?.beforeStatement(info),
      afterCommit: () => {
        if (this.durability !== 'full') return;
        this.disk.sync();
        this.listener?.onSync('commit');
      },
      afterCheckpoint: () => {
        this.disk.sync();
        this.listener?.onSync('checkpoint');
      },
      afterOpenCheck: (outcome) => {
        if (outcome === 'reindexed') probe('recovery.index_rebuilt');
      },
    };
  }

  listen(listener: StorageListener): void {
    this.listener = listener;
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
