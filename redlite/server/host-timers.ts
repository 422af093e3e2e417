/**
 * The timers a RESP server needs from its host: one alarm at a clock time (the next blocked
 * wait's deadline) and one periodic task (active expiry). Kept behind this interface so the
 * server code reads no clock and starts no timer itself; wall-timers.ts is the real one, and a
 * host in virtual time can pass its own (docs/architecture.md, principle 3).
 */
export interface HostTimers {
  /** Runs `task` once the host's clock reads `atMs` or later; returns a cancel function. */
  at(atMs: number, task: () => void): () => void;
  /** Runs `task` every `periodMs`; returns a cancel function. */
  every(periodMs: number, task: () => void): () => void;
}
