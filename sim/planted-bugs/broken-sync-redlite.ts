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
 * A group-commit bug: every second command runs with SQLite's syncs off, trusting the next
 * command's sync to cover it. Until that next sync, the command's commit sits unsynced.
 */
export function skippedSyncRedlite(): RedliteFactory {
  return (path, options) => new SkippedSyncRedlite(path, options);
}

class SkippedSyncRedlite extends Redlite {
  private commandsRun = 0;
  private readonly mode: 'FULL' | 'NORMAL';

  constructor(path: string, options: RedliteOptions | undefined) {
    super(path, options);
    this.mode = options?.synchronous === 'normal' ? 'NORMAL' : 'FULL';
  }

  override exec(argv: Arg[], db = 0): Reply {
    this.commandsRun += 1;
    this.db.pragma(`synchronous = ${this.commandsRun % 2 === 0 ? 'OFF' : this.mode}`);
    return super.exec(argv, db);
  }
}
