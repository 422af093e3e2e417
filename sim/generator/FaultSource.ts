/**
 * The fault schedule as an event source (docs/architecture.md, principle 7, second level). It wakes right
 * after each client op and, with the seed's per-op rates, emits at most one fault event, which
 * carries its own seed so that the event does the same thing wherever it lands in a shrunk
 * trace. Power losses are bounded per seed (each one rebuilds a folder and makes SQLite run its
 * recovery); a disk-full fault is followed by its restore a seeded number of ops later, and
 * memory pressure by its relief the same way. The I/O faults of the shim draw which file
 * (database or WAL) and how many matching calls to let pass; a crash inside I/O also draws the
 * call (write or sync) and whether part of a write lands. It stops when the generator leaves
 * the fault phase.
 */
import { MEMORY_FAIL_EVERY_MAX } from '../../faults/memory-pressure.ts';
import { FAULT_EVENTS, FAULT_KIND, FAULT_KINDS, type FaultKind } from '../config/fault-vocabulary.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { FaultEvent } from '../events.ts';
import type { Rng } from '../random/Rng.ts';
import type { EventSource, Schedule } from './EventSource.ts';

/** Power losses per seed, at most (misdirected writes ride on power losses and count too). */
export const POWER_LOSSES_MAX = 4;
const DISK_FULL_OPS_MIN = 3;
const DISK_FULL_OPS_MAX = 60;
const MEMORY_PRESSURE_OPS_MIN = 3;
const MEMORY_PRESSURE_OPS_MAX = 20;
/** Statements a mid-command fault may let pass first: commands run a handful of statements. */
export const STATEMENTS_BEFORE_MAX = 8;
/** The longest extra latency of one slow-disk fault. */
export const SLOW_DISK_LATENCY_MS_MAX = 200;
/** Matching I/O calls an armed shim fault may let pass first: a command makes a few. */
export const IO_SKIP_MAX = 3;

/** How a connection drops: see the connection-drop event in fault-vocabulary.ts. */
export const CONNECTION_DROP_MODES = ['idle', 'partial-exec', 'before-reply'] as const;

/** Delays a client's next op: the generator's hook for slow-disk faults. */
export type DelayClient = (client: number, delayMs: number) => void;

export class FaultSource implements EventSource {
  private readonly rng: Rng;
  private readonly config: WorldConfig;
  private readonly delayClient: DelayClient;
  private powerLosses = 0;
  /** Wake-ups left before a disk-full fault's space comes back; null when the disk has space. */
  private diskFullOpsLeft: number | null = null;
  /** Wake-ups left before memory pressure is relieved; null when there is none. */
  private memoryOpsLeft: number | null = null;

  constructor(rng: Rng, config: WorldConfig, delayClient: DelayClient) {
    this.rng = rng;
    this.config = config;
    this.delayClient = delayClient;
  }

  start(schedule: Schedule, _startMs: number): void {
    this.wakeAfterNextOp(schedule);
  }

  fire(_tag: number, atMs: number, index: number, schedule: Schedule): FaultEvent | null {
    if (!schedule.faultPhase()) return null;
    this.wakeAfterNextOp(schedule);
    const seed = this.rng.nextSeed().toString();
    if (this.diskFullOpsLeft !== null) {
      this.diskFullOpsLeft -= 1;
      if (this.diskFullOpsLeft <= 0) {
        this.diskFullOpsLeft = null;
        return { index, atMs, kind: 'fault', fault: FAULT_EVENTS.diskSpaceRestored, seed };
      }
    }
    if (this.memoryOpsLeft !== null) {
      this.memoryOpsLeft -= 1;
      if (this.memoryOpsLeft <= 0) {
        this.memoryOpsLeft = null;
        return { index, atMs, kind: 'fault', fault: FAULT_EVENTS.memoryRelieved, seed };
      }
    }
    // Draw every kind each time, so switching one kind off never shifts another's draws.
    const fired = FAULT_KINDS.filter((kind) => {
      const rate = this.config.faults[kind];
      // A kind drawn only when named draws nothing while absent (fault-vocabulary.ts).
      return rate !== undefined && this.rng.chance(rate);
    });
    const choice = this.rng.int(0, 1_000_000);
    const startable = fired.filter((kind) => this.allowed(kind));
    if (startable.length === 0) return null;
    const kind = startable[choice % startable.length] as FaultKind;
    return this.eventFor(kind, { index, atMs, seed });
  }

  private allowed(kind: FaultKind): boolean {
    if (kind === FAULT_KIND.powerLoss || kind === FAULT_KIND.misdirectedWrite)
      return this.powerLosses < POWER_LOSSES_MAX;
    if (kind === FAULT_KIND.diskFull) return this.diskFullOpsLeft === null;
    if (kind === FAULT_KIND.memoryPressure) return this.memoryOpsLeft === null;
    return true;
  }

  private eventFor(kind: FaultKind, base: { index: number; atMs: number; seed: string }): FaultEvent {
    const event = { ...base, kind: 'fault' as const };
    switch (kind) {
      case FAULT_KIND.crash:
        return this.rng.chance(0.5)
          ? { ...event, fault: FAULT_EVENTS.crash }
          : {
              ...event,
              fault: FAULT_EVENTS.crashMidCommand,
              params: { statementsBefore: this.rng.int(0, STATEMENTS_BEFORE_MAX) },
            };
      case FAULT_KIND.ioError:
        return {
          ...event,
          fault: FAULT_EVENTS.ioError,
          params: { statementsBefore: this.rng.int(0, STATEMENTS_BEFORE_MAX) },
        };
      case FAULT_KIND.powerLoss:
        this.powerLosses += 1;
        return { ...event, fault: FAULT_EVENTS.powerLoss };
      case FAULT_KIND.misdirectedWrite:
        this.powerLosses += 1;
        return {
          ...event,
          fault: FAULT_EVENTS.powerLoss,
          params: { misdirectedProbability: Math.round((0.05 + this.rng.float() * 0.45) * 1000) / 1000 },
        };
      case FAULT_KIND.bitRot:
        return { ...event, fault: FAULT_EVENTS.bitRot, params: { evict: this.rng.chance(0.5) } };
      case FAULT_KIND.diskFull:
        this.diskFullOpsLeft = this.rng.int(DISK_FULL_OPS_MIN, DISK_FULL_OPS_MAX);
        return { ...event, fault: FAULT_EVENTS.diskFull };
      case FAULT_KIND.readError:
        return { ...event, fault: FAULT_EVENTS.readError, params: this.ioTarget() };
      case FAULT_KIND.writeError:
        return { ...event, fault: FAULT_EVENTS.writeError, params: this.ioTarget() };
      case FAULT_KIND.shortWrite:
        return { ...event, fault: FAULT_EVENTS.shortWrite, params: this.ioTarget() };
      case FAULT_KIND.enospc:
        return { ...event, fault: FAULT_EVENTS.enospc, params: this.ioTarget() };
      case FAULT_KIND.fsyncFailure:
        return { ...event, fault: FAULT_EVENTS.fsyncFailure, params: this.ioTarget() };
      case FAULT_KIND.tornRead:
        return { ...event, fault: FAULT_EVENTS.tornRead, params: this.ioTarget() };
      case FAULT_KIND.crashMidIo: {
        const call = this.rng.chance(0.5) ? 'write' : 'sync';
        const target = this.ioTarget();
        const prefix = call === 'write' && this.rng.chance(0.5);
        return { ...event, fault: FAULT_EVENTS.crashMidIo, params: { call, ...target, prefix } };
      }
      case FAULT_KIND.slowDisk: {
        const client = this.rng.int(0, this.config.clients - 1);
        const latencyMs = this.rng.int(1, SLOW_DISK_LATENCY_MS_MAX);
        this.delayClient(client, latencyMs);
        return { ...event, fault: FAULT_EVENTS.slowDisk, params: { client, latencyMs } };
      }
      case FAULT_KIND.memoryPressure:
        this.memoryOpsLeft = this.rng.int(MEMORY_PRESSURE_OPS_MIN, MEMORY_PRESSURE_OPS_MAX);
        return {
          ...event,
          fault: FAULT_EVENTS.memoryPressure,
          params: { failEvery: this.rng.int(1, MEMORY_FAIL_EVERY_MAX) },
        };
      case FAULT_KIND.connectionDrop: {
        const client = this.rng.int(0, this.config.clients - 1);
        const mode = this.rng.pick(CONNECTION_DROP_MODES);
        return { ...event, fault: FAULT_EVENTS.connectionDrop, params: { client, mode } };
      }
    }
  }

  /** Which file an I/O fault hits, and how many matching calls it lets pass first. */
  private ioTarget(): { file: 'db' | 'wal'; skip: number } {
    const file = this.rng.chance(0.5) ? 'wal' : 'db';
    return { file, skip: this.rng.int(0, IO_SKIP_MAX) };
  }

  private wakeAfterNextOp(schedule: Schedule): void {
    const nextMs = schedule.nextClientOpMs();
    if (Number.isFinite(nextMs)) schedule.at(nextMs, this, 0);
  }
}
