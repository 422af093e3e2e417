/**
 * Planted sync bugs (docs/architecture.md, principle 8): redlites that answer every command
 * right but make fewer syncs than their durability mode promises. No reply shows them; only a
 * power loss that finds the missing sync does, and only because the simulated disk trusts what
 * SQLite really synced (the I/O shim), not the mode redlite was asked for. Both are caught by
 * `--scenario power-loss --durability full --strict-durability` (tests/e2e/canary-sync.test.ts).
 *
 * Like broken-redlite.ts, nothing on the simulator's run path imports this file.
 */
import { type Arg, Redlite, type RedliteOptions, type Reply } from '../../redlite/index.ts';
import type { RedliteFactory } from './broken-redlite.ts';

/**
 * Asked for `full`, it quietly opens SQLite with synchronous=NORMAL (one misplaced pragma):
 * commits are no longer synced, only checkpoints are.
 */
export function quietlyNormalRedlite(): RedliteFactory {
  return (path, options) => Redlite.open(path, { ...options, synchronous: 'normal' });
}

/**
 * A group-commit bug: every second command's commit skips its fsync, trusting the next
 * commit's sync to cover it (SQLite runs that commit with synchronous=OFF, and the mode comes
 * back right after it, so checkpoints still sync). Until the next synced commit, the skipped
 * one sits in the page cache only.
 */
export function skippedSyncRedlite(): RedliteFactory {
  return (path, options) => {
    let patched: SkippedSyncRedlite | null = null;
    const hooks = options?.hooks;
    const restoring: RedliteOptions = {
      ...options,
      hooks: {
        ...hooks,
        afterCommit: () => {
          patched?.restoreSync();
          hooks?.afterCommit?.();
        },
      },
    };
    patched = new SkippedSyncRedlite(path, restoring);
    return patched;
  };
}

class SkippedSyncRedlite extends Redlite {
  private commandsRun = 0;
  private readonly mode: 'FULL' | 'NORMAL';

  constructor(path: string, options: RedliteOptions) {
    super(path, options);
    this.mode = options.synchronous === 'normal' ? 'NORMAL' : 'FULL';
  }

  override exec(argv: Arg[], db = 0): Reply {
    this.commandsRun += 1;
    if (this.commandsRun % 2 === 0) this.db.pragma('synchronous = OFF');
    return super.exec(argv, db);
  }

  /** Called right after COMMIT, outside any transaction, where the pragma may change. */
  restoreSync(): void {
    this.db.pragma(`synchronous = ${this.mode}`);
  }
}
