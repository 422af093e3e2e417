/** The faults subsystem: the simulated disk, the fault helpers and the probe catalogue. */
export type { BitRotChoice, RotTargetFile } from './bit-rot.ts';
export { FaultOptionError, SimDiskError, SimulatedCrash } from './errors.ts';
export { FaultRng } from './FaultRng.ts';
export { MEMORY_FAIL_EVERY_MAX, MemoryPressure, NOMEM_CODE } from './memory-pressure.ts';
export type { IoStep } from './observed-sync.ts';
export type { PowerLossOptions } from './power-loss.ts';
export {
  FAULTS_LAYER_PROBE_NAMES,
  isProbeName,
  PROBE_NAMES,
  PROBES,
  type ProbeName,
  REACHABLE_PROBE_NAMES,
  UNREACHABLE_PROBES,
} from './probes.ts';
export {
  type BitRotOptions,
  type BitRotReport,
  type CrashReport,
  type PowerLossReport,
  SimDisk,
  type SimDiskOptions,
  type SyncStats,
} from './SimDisk.ts';
export { SECTOR_BYTES } from './sectors.ts';
export {
  DISK_FULL_HEADROOM_PAGES_MAX,
  diskFullPageLimit,
  diskSpaceRestored,
  slowDiskLatencyMs,
} from './space-and-latency.ts';
export {
  IO_ERROR_CODE,
  makeCrashHook,
  makeIoErrorHook,
  makeStatementFaultHook,
  type SqliteErrorClass,
  type StatementFaultHook,
  type StatementFaultPlan,
  type StatementHook,
} from './statement-faults.ts';
export { cleanupTempFolders, liveTempFolders } from './temp-registry.ts';
export type { IoFault, IoFaultEvent } from './vfs/index.ts';
export { inspectWal, type WalInspection, type WalRecoveryPath } from './wal-format.ts';
