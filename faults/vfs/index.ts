/** The SQLite I/O shim: its binding, the events it logs and the faults it injects. */

export { IoShim, type RecordingOptions } from './IoShim.ts';
export type {
  IoCall,
  IoCloseEvent,
  IoCrashReport,
  IoDeleteEvent,
  IoEvent,
  IoFaultAction,
  IoFaultEvent,
  IoFile,
  IoFileEvent,
  IoFileKind,
  IoReadEvent,
  IoSyncEvent,
  IoTruncateEvent,
  IoWriteEvent,
} from './io-events.ts';
export { IO_CALLS, IO_FILE_KINDS } from './io-events.ts';
export {
  type CrashFault,
  type EioFault,
  type EnospcFault,
  FAULT_SKIP_MAX,
  FAULTS_ARMED_MAX,
  type IoFault,
  type ShortWriteFault,
  type TornReadFault,
} from './io-faults.ts';
export {
  IoLogFormatError,
  IoLogOverflowError,
  ShimBuildError,
  ShimLoadError,
  ShimNotBuiltError,
} from './shim-errors.ts';
export { SHIM_LIBRARY_PATH } from './shim-library.ts';
