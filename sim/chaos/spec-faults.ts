/**
 * The spec's fault names (redlite's `dst-spec.yaml`: disk_full, corrupt_read, corrupt_write,
 * slow_write, connection_drop, crash_mid_write, memory_pressure) mapped onto our fault kinds,
 * in one table that `vopr chaos`, `vopr simulate` and their --help read. Each row says which
 * kinds stand for the name, what that means in our fault model, the spec's `recovery:` rule,
 * and the probes that show the rule was exercised (sim/chaos/recovery-rules.ts judges them).
 *
 * A spec name with no kind behind it yet has `needs`: commands refuse it with one line
 * (exit 2) rather than run without it. It leaves out what each kind does to the bytes (the
 * fault vocabulary, sim/config/fault-vocabulary.ts) and how a seed draws rates.
 */
import type { ProbeName } from '../../faults/probes.ts';
import { FAULT_KIND, type FaultKind } from '../config/fault-vocabulary.ts';

export interface SpecFaultRow {
  /** The spec's name, as upstream's `--faults` spells it. */
  readonly name: string;
  /** Our kinds that stand for it; empty when `needs` says what is missing. */
  readonly kinds: readonly FaultKind[];
  /** What the name maps to in our fault model, for --help. */
  readonly description: string;
  /** The spec's `recovery:` rule, in its words. */
  readonly recovery: string;
  /**
   * Probes of which at least one must be hit for the rule to count as exercised: the fault
   * fired and the recovery path the rule names was taken. Judged with the seeds' verdicts.
   */
  readonly evidence: readonly ProbeName[];
  /** What is missing before the name can run; absent when it runs. */
  readonly needs?: string;
}

export const SPEC_FAULT_TABLE: readonly SpecFaultRow[] = [
  {
    name: 'disk_full',
    kinds: [FAULT_KIND.diskFull],
    description: "disk-full: SQLite's max_page_count lowered so writes fail with SQLITE_FULL, then lifted",
    recovery: 'an error is returned, no data corrupted',
    evidence: ['recovery.disk_full_rejected'],
  },
  {
    name: 'corrupt_read',
    kinds: [FAULT_KIND.bitRot],
    description: 'bit-rot: bits flip in a platter sector of the database or WAL, often seen by the next read',
    recovery: "corruption is detected (redlite's value checksums or SQLite's), never served as data",
    evidence: ['recovery.corrupted_key_error', 'recovery.store_unlistable', 'recovery.open_refused_corrupt'],
  },
  {
    name: 'corrupt_write',
    kinds: [FAULT_KIND.misdirectedWrite],
    description: 'misdirected-write: at a power cut, unsynced sectors land at the wrong offset or torn',
    recovery: 'corruption is detected on the next read, never served as data',
    evidence: [
      'recovery.corrupted_key_error',
      'recovery.open_refused_corrupt',
      'recovery.all_acked_survived',
      'recovery.acked_lost',
    ],
  },
  {
    name: 'slow_write',
    kinds: [FAULT_KIND.slowDisk],
    description: "slow-disk: extra virtual latency (up to 200 ms) on a client's next op",
    recovery: 'every op completes eventually, no data lost',
    evidence: ['fault.slow_disk'],
  },
  {
    name: 'connection_drop',
    kinds: [FAULT_KIND.connectionDrop],
    description:
      "connection-drop: a client's connection cut as it stands (inside MULTI, blocked, watching), with half an EXEC sent, or before it reads a reply; its session is gone",
    recovery: 'no partial writes',
    // The seeds' own verdicts judge the rule: exec_atomic and the state checks refuse half a
    // transaction; the probe shows connections did drop.
    evidence: ['fault.connection_drop'],
  },
  {
    name: 'crash_mid_write',
    kinds: [FAULT_KIND.crash],
    description: 'crash: process crashes between two commands, or between two SQL statements of one',
    recovery: 'the WAL keeps the store consistent on restart: every acknowledged write, never half a command',
    evidence: ['recovery.all_acked_survived', 'recovery.maybe_applied_settled'],
  },
  {
    name: 'memory_pressure',
    kinds: [FAULT_KIND.memoryPressure],
    description:
      'memory-pressure: SQLITE_NOMEM at SQLite statement boundaries for a seeded stretch of ops, then relieved',
    recovery: 'handled gracefully: an error reply that changed nothing, or the write succeeds',
    evidence: ['recovery.memory_pressure_rejected'],
  },
];

export const SPEC_FAULT_NAMES: readonly string[] = SPEC_FAULT_TABLE.map((row) => row.name);

/** A spec fault name that cannot run, or is unknown: an input error (exit 2). */
export class SpecFaultError extends Error {
  readonly faultName: string;
  constructor(faultName: string, reason: string) {
    super(reason);
    this.name = 'SpecFaultError';
    this.faultName = faultName;
  }
}

export function specFaultRow(name: string): SpecFaultRow | undefined {
  return SPEC_FAULT_TABLE.find((row) => row.name === name);
}

/** The row of a spec name that can run; throws SpecFaultError for an unknown or missing one. */
export function runnableSpecFault(name: string, option: string): SpecFaultRow {
  const row = specFaultRow(name);
  if (row === undefined) {
    throw new SpecFaultError(
      name,
      `${option}: unknown fault ${JSON.stringify(name)} (expected ${SPEC_FAULT_NAMES.join(', ')}, or one of our kinds)`,
    );
  }
  if (row.needs !== undefined) throw new SpecFaultError(name, `${name} needs ${row.needs}`);
  return row;
}

/** --help text: each spec name and what it maps to. */
export function specFaultHelp(): string {
  return SPEC_FAULT_TABLE.map((row) => `${row.name} = ${row.description}`).join('; ');
}
