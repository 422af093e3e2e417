/**
 * crash_recovery_consistent: after every restart (process crash, power loss, the liveness
 * restart) the recovered store, read through redlite, equals a state the fault allows: every
 * acknowledged command after a crash (the in-flight one applied or not, never half), and after
 * a power loss the model at some prefix of the acknowledged writes since the last checkpoint,
 * at least up to the last sync. The search itself lives in sim/fault-driver/recovery-check.ts.
 */
export const CRASH_RECOVERY_CONSISTENT = 'crash_recovery_consistent';
