/**
 * The fault events the simulator emits (`kind: 'fault'`), by name, and the parameters each
 * carries. The generator's fault source makes them; the fault controller applies them. Names
 * are stable: they appear in traces and in emitted regression tests.
 */
export const FAULT_EVENTS = {
  /** A process crash between two commands. */
  crash: 'crash',
  /** Arms a crash at a seeded statement of the next command (params.statementsBefore). */
  crashMidCommand: 'crash-mid-command',
  /** Arms an SQLITE_IOERR at a seeded statement of the next command (params.statementsBefore). */
  ioError: 'io-error',
  /** A power cut; params.misdirectedProbability > 0 lets unsynced sectors land misplaced. */
  powerLoss: 'power-loss',
  /** Bits flip in one platter sector (params.evict: also in the page cache). */
  bitRot: 'bit-rot',
  /** SQLite's max_page_count drops to about the pages in use. */
  diskFull: 'disk-full',
  /** The page limit is lifted again. */
  diskSpaceRestored: 'disk-space-restored',
  /** A client's next op is delayed (params.client, params.latencyMsMax); the times are in the trace. */
  slowDisk: 'slow-disk',
  /** The end of the fault phase: faults stop, the process restarts, the liveness phase begins. */
  livenessRestart: 'liveness-restart',
} as const;

export type FaultEventName = (typeof FAULT_EVENTS)[keyof typeof FAULT_EVENTS];

export const FAULT_EVENT_NAMES: readonly FaultEventName[] = Object.values(FAULT_EVENTS);

/** Statements a mid-command fault may let pass first: commands run a handful of statements. */
export const STATEMENTS_BEFORE_MAX = 8;

/** The longest extra latency of one slow-disk fault. */
export const SLOW_DISK_LATENCY_MS_MAX = 200;
