/**
 * The I/O faults waiting for their call (docs/fault-model.md, injected I/O faults). A fault
 * event does not fire by itself: it arms a fault in the shim for a coming call of SQLite's.
 * It is armed only while a command runs, never while the simulator reads the store (state
 * dumps, audits) or a restarted process opens it, so every fault lands inside a command
 * whose reply the checkers judge. One fault is armed at a time, oldest first; one that no
 * call met stays queued for the next command, up to IO_FAULT_OPS_MAX commands, and is then
 * dropped (a read fault may wait long: SQLite serves most reads from its own cache).
 *
 * Left out: what the disk does when a fault fires (faults/observed-sync.ts) and how a reply
 * is judged (the fault controller).
 */
import type { IoFault, IoFaultEvent, SimDisk } from '../../faults/index.ts';
import type { ProbeName } from '../../faults/probes.ts';
import { FAULT_EVENTS } from '../config/fault-vocabulary.ts';
import type { FaultEvent } from '../events.ts';

/** Commands an I/O fault stays armed for before it is dropped unfired. */
export const IO_FAULT_OPS_MAX = 50;
/** Faults that may wait at once; a newer one beyond this is dropped. */
export const IO_FAULTS_QUEUED_MAX = 8;

export class IoFaultEventError extends Error {
  constructor(event: FaultEvent) {
    super(
      `event ${event.index}: ${event.fault} is no I/O fault, or its params are wrong: ${JSON.stringify(event.params)}`,
    );
    this.name = 'IoFaultEventError';
  }
}

interface Waiting {
  readonly event: FaultEvent;
  opsLeft: number;
  /**
   * The shim fault last built from the event, and its folder: a fault that meets no call is
   * armed again before each of up to IO_FAULT_OPS_MAX commands, mostly in the same folder.
   */
  built: IoFault | null;
}

export class IoFaultQueue {
  private readonly waiting: Waiting[] = [];
  private armed = false;

  push(event: FaultEvent): void {
    ioFaultOf(event, '/');
    if (this.waiting.length >= IO_FAULTS_QUEUED_MAX) return;
    this.waiting.push({ event, opsLeft: IO_FAULT_OPS_MAX, built: null });
  }

  clear(): void {
    this.waiting.length = 0;
  }

  /** Arms the oldest waiting fault for the command about to run. */
  armNext(disk: SimDisk): void {
    const next = this.waiting[0];
    const shim = disk.ioShim;
    if (next === undefined || shim === null || this.armed) return;
    if (next.built?.folder !== disk.folder) next.built = ioFaultOf(next.event, disk.folder);
    shim.arm(next.built);
    this.armed = true;
  }

  /**
   * The command is over: disarms what did not fire. A fired fault leaves the queue; one that
   * did not spends one of its commands.
   */
  disarm(disk: SimDisk): void {
    if (!this.armed) return;
    this.armed = false;
    const left = disk.ioShim?.disarmAll() ?? 0;
    const head = this.waiting[0] as Waiting;
    head.opsLeft -= 1;
    if (left === 0 || head.opsLeft <= 0) this.waiting.shift();
  }

  /** Disarms, and returns the faults other than crashes that fired during the command. */
  settle(disk: SimDisk, firedInOp: readonly IoFaultEvent[]): IoFaultEvent[] {
    this.disarm(disk);
    return firedInOp.filter((fault) => fault.action !== 'crash');
  }
}

/** The shim fault an I/O fault event arms, in `folder`. */
export function ioFaultOf(event: FaultEvent, folder: string): IoFault {
  const file = event.params?.file;
  const skip = event.params?.skip;
  if ((file !== 'db' && file !== 'wal') || typeof skip !== 'number') throw new IoFaultEventError(event);
  const target = { folder, fileKinds: [file], skip } as const;
  const seed = BigInt(event.seed);
  switch (event.fault) {
    case FAULT_EVENTS.readError:
      return { ...target, action: 'eio', call: 'read' };
    case FAULT_EVENTS.writeError:
      return { ...target, action: 'eio', call: 'write' };
    case FAULT_EVENTS.shortWrite:
      return { ...target, action: 'short-write', seed };
    case FAULT_EVENTS.enospc:
      return { ...target, action: 'enospc' };
    case FAULT_EVENTS.fsyncFailure:
      return { ...target, action: 'eio', call: 'sync' };
    case FAULT_EVENTS.tornRead:
      return { ...target, action: 'torn-read', seed };
    case FAULT_EVENTS.crashMidIo: {
      const call = event.params?.call;
      if (call !== 'write' && call !== 'sync') throw new IoFaultEventError(event);
      const prefix = event.params?.prefix === true && call === 'write';
      return prefix
        ? { ...target, action: 'crash', call, prefixSeed: seed }
        : { ...target, action: 'crash', call };
    }
    default:
      throw new IoFaultEventError(event);
  }
}

/** The probe of the kind whose fault fired. */
export function ioFaultProbe(fault: IoFaultEvent): ProbeName {
  switch (fault.action) {
    case 'crash':
      return 'fault.crash_mid_io';
    case 'short-write':
      return 'fault.short_write';
    case 'enospc':
      return 'fault.enospc';
    case 'torn-read':
      return 'fault.torn_read';
    default:
      if (fault.call === 'read') return 'fault.read_error';
      if (fault.call === 'sync') return 'fault.fsync_failure';
      return 'fault.write_error';
  }
}
