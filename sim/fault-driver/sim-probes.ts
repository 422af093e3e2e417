/**
 * The simulator's own recovery probes (DESIGN.md principle 8), beside the faults subsystem's
 * catalogue: paths of the checkers that a hostile sweep must prove it reaches.
 */
import { FAULTS_PROBE_CATALOGUE } from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';

export const SIM_FAULT_PROBES = {
  /** A crash mid-command left its op maybe-applied, and the recovered state settled which. */
  maybeAppliedSettled: 'recovery.maybe_applied_settled',
  /** A power loss under normal lost acknowledged commands after the last sync (a prefix). */
  ackedLost: 'recovery.acked_lost',
  /** A restart kept every acknowledged command. */
  allAckedSurvived: 'recovery.all_acked_survived',
  /** A command failed with SQLITE_FULL and changed nothing. */
  diskFullRejected: 'recovery.disk_full_rejected',
  /** A command hit a simulated I/O error, answered an error and changed nothing. */
  ioErrorRolledBack: 'recovery.io_error_rolled_back',
  /** After corruption, a key answered an error (allowed: never wrong data). */
  corruptedKeyError: 'recovery.corrupted_key_error',
  /**
   * After WAL rot or misplaced sectors, a recovery matched no prefix (old frames laid over newer
   * pages) and the checker adopted the recovered state, as documented.
   */
  corruptRecoveryAdopted: 'recovery.corrupt_recovery_adopted',
  /** The fault phase ended with a restart and the liveness phase ran. */
  livenessRestart: 'recovery.liveness_restart',
} as const;

export type SimFaultProbe = (typeof SIM_FAULT_PROBES)[keyof typeof SIM_FAULT_PROBES];

export function simProbe(name: SimFaultProbe): void {
  probe(name);
}

/** Every probe a hostile sweep must hit: the faults subsystem's and the simulator's. */
export const FAULT_PROBE_CATALOGUE: readonly string[] = [
  ...FAULTS_PROBE_CATALOGUE,
  ...Object.values(SIM_FAULT_PROBES),
].sort();
