/**
 * The checker registry: op checkers in the order they judge a reply (specific invariants
 * first, the catch-all last), and the invariant names of every checker, which the spec test
 * matches against spec/dst-spec.yaml.
 */
import { BLOCKED_SERVED_FIFO } from './blocked-served-fifo.ts';
import { BLOCKED_WAKES } from './blocked-wakes.ts';
import { CRASH_RECOVERY_CONSISTENT } from './crash-recovery-consistent.ts';
import { EXEC_ATOMIC } from './exec-atomic.ts';
import { expireRemovesKey } from './expire-removes-key.ts';
import { HASH_STRUCTURAL_COMMANDS, hashFieldsUnique } from './hash-fields-unique.ts';
import { incrMonotonic } from './incr-monotonic.ts';
import { listOrderPreserved } from './list-order-preserved.ts';
import { replyMatchesModel } from './reply-matches-model.ts';
import { ROT_DETECTED } from './rot-detected.ts';
import { RUN_DETERMINISTIC } from './run-deterministic.ts';
import { setGetRoundtrip } from './set-get-roundtrip.ts';
import { SILENT_CORRUPTION } from './silent-corruption.ts';
import {
  sortedSetOrdering,
  SORTED_SET_STRUCTURAL_COMMANDS as ZSET_STRUCTURAL_COMMANDS,
} from './sorted-set-ordering.ts';
import { STATE_INVARIANT } from './state-matches-model.ts';
import { STORAGE_CONSISTENT } from './storage-consistent.ts';
import { TARGET_NEVER_THROWS } from './target-never-throws.ts';
import { ttlMonotonicDecrease } from './ttl-monotonic-decrease.ts';
import type { OpChecker } from './types.ts';
import { WAL_DURABILITY } from './wal-durability.ts';
import { WATCH_ABORTS_ON_CHANGE } from './watch-aborts-on-change.ts';

export const OP_CHECKERS: readonly OpChecker[] = [
  expireRemovesKey,
  ttlMonotonicDecrease,
  hashFieldsUnique,
  sortedSetOrdering,
  incrMonotonic,
  setGetRoundtrip,
  listOrderPreserved,
  replyMatchesModel,
];

/**
 * Commands whose checkers look at the target's reply itself, not only at its agreement with
 * the model; for every other command, agreeing replies need no checker at all.
 */
export const STRUCTURAL_COMMANDS: ReadonlySet<string> = new Set([
  ...HASH_STRUCTURAL_COMMANDS,
  ...ZSET_STRUCTURAL_COMMANDS,
]);

/** Every invariant some checker in this registry can report. */
export const CHECKED_INVARIANTS: readonly string[] = [
  ...new Set([
    ...OP_CHECKERS.map((checker) => checker.invariant),
    STATE_INVARIANT,
    RUN_DETERMINISTIC,
    TARGET_NEVER_THROWS,
    CRASH_RECOVERY_CONSISTENT,
    WAL_DURABILITY,
    SILENT_CORRUPTION,
    EXEC_ATOMIC,
    WATCH_ABORTS_ON_CHANGE,
    BLOCKED_SERVED_FIFO,
    BLOCKED_WAKES,
    ROT_DETECTED,
    STORAGE_CONSISTENT,
  ]),
].sort();
