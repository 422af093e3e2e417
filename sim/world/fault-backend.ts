/**
 * The plug through which a fault driver joins a world. The executor (sim/execute-events.ts)
 * and the world know no fault driver: a backend picks the storage a world runs on and, for a
 * storage that can take faults, the driver that applies fault events, explains the error
 * replies a fault caused, watches every op and recovers after a restart. sim/fault-driver/
 * supplies the real backend, and sim/run.ts plugs it in. Without a backend a world runs on a
 * plain folder, where a fault event is a NoFaultHandlerError.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { Storage } from './Storage.ts';
import type { FaultHandler, OpObserver, TargetThrowHandler, World } from './World.ts';

export interface FaultDriver extends OpObserver {
  readonly handle: FaultHandler;
  readonly onTargetThrow: TargetThrowHandler;
  /** Binds the world once it exists. */
  attach(world: World): void;
}

export interface FaultBackend {
  /** The storage a world with this config runs on, when the caller supplies none. */
  storageFor(config: WorldConfig, keepFiles: boolean): Storage;
  /** The driver for a world on `storage`, or null when that storage takes no faults. */
  driverFor(config: WorldConfig, storage: Storage): FaultDriver | null;
}
