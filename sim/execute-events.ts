/**
 * executeEvents: runs a list (or lazy stream) of events against a fresh world and judges it.
 * It needs no generator, so replay and shrink call it with edited event lists. The run stops
 * at the first failure; otherwise a final full-state comparison closes it. Files are removed
 * at the end, even when something throws, unless `keepFiles` is set.
 */
import { probeCounts, startProbes } from '../faults/probe.ts';
import type { WorldConfig } from './config/WorldConfig.ts';
import type { SimEvent } from './events.ts';
import { createLogger, type LogSink } from './log/logger.ts';
import type { LogLevel, RunFailure } from './run-types.ts';
import { TraceRecorder } from './trace/TraceRecorder.ts';
import { VirtualClock } from './VirtualClock.ts';
import type { FaultBackend } from './world/fault-backend.ts';
import type { ModelPort } from './world/model-port.ts';
import { type Storage, type StorageFactory, tempFolderStorage } from './world/Storage.ts';
import type { TargetFactory } from './world/target.ts';
import { type FaultHandler, type TargetThrowHandler, World } from './world/World.ts';

export interface ExecuteOptions {
  readonly targetFactory: TargetFactory;
  readonly modelFactory: (clock: VirtualClock) => ModelPort;
  /** Commands that never write, so they need no expiry bookkeeping. */
  readonly readCommands: ReadonlySet<string>;
  /** Picks the storage and the fault driver; sim/run.ts plugs in sim/fault-driver's. */
  readonly faultBackend?: FaultBackend;
  /** Overrides the backend's choice of storage (its driver still decides on faults). */
  readonly storageFactory?: StorageFactory;
  readonly faultHandler?: FaultHandler;
  readonly onTargetThrow?: TargetThrowHandler;
  readonly logLevel?: LogLevel;
  readonly logSink?: LogSink;
  readonly keepFiles?: boolean;
  /** Called every `progressEvery` events with the ops run so far. */
  readonly onProgress?: (ops: number) => void;
  readonly progressEvery?: number;
}

export interface Execution {
  readonly recorder: TraceRecorder;
  readonly failure: RunFailure | null;
  readonly ops: number;
  readonly events: number;
  readonly virtualMs: number;
  readonly probes: Record<string, number>;
  /** The world's folder when `keepFiles` kept it. */
  readonly keptFolder: string | null;
}

export class EventOrderError extends Error {
  constructor(event: SimEvent, previousMs: number) {
    super(`event ${event.index} at ${event.atMs} ms comes before the previous event at ${previousMs} ms`);
    this.name = 'EventOrderError';
  }
}

export function executeEvents(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  options: ExecuteOptions,
): Execution {
  startProbes();
  const clock = new VirtualClock(config.epochMs);
  const logger = createLogger(options.logLevel ?? 'silent', clock, options.logSink);
  const recorder = new TraceRecorder(config);
  // The executor knows no fault driver: the backend picks the storage and, for a storage that
  // takes faults, the driver (docs/architecture.md, principle 3: swap implementations).
  const storage: Storage =
    options.storageFactory?.(config.seed) ??
    options.faultBackend?.storageFor(config, options.keepFiles ?? false) ??
    tempFolderStorage(config.seed);
  const driver = options.faultBackend?.driverFor(config, storage) ?? null;
  const faultHandler = options.faultHandler ?? driver?.handle;
  const onTargetThrow = options.onTargetThrow ?? driver?.onTargetThrow;
  let failure: RunFailure | null = null;
  let ops = 0;
  let count = 0;
  let lastIndex = -1;
  let world: World | null = null;
  let keptFolder: string | null = null;
  const progressEvery = options.progressEvery ?? 256;
  try {
    world = new World({
      config,
      clock,
      storage,
      targetFactory: options.targetFactory,
      model: options.modelFactory(clock),
      readCommands: options.readCommands,
      logger,
      ...(faultHandler === undefined ? {} : { faultHandler }),
      ...(onTargetThrow === undefined ? {} : { onTargetThrow }),
      ...(driver === null ? {} : { opObserver: driver }),
    });
    driver?.attach(world);
    logger.info(
      { seed: config.seed, scenario: config.scenario, clients: config.clients, opsMax: config.opsMax },
      'world start',
    );
    for (const event of events) {
      if (event.atMs < clock.now()) throw new EventOrderError(event, clock.now());
      const applied = world.apply(event);
      recorder.record(event, applied.reply);
      count++;
      lastIndex = event.index;
      if (event.kind === 'op') ops++;
      if (options.onProgress !== undefined && count % progressEvery === 0) options.onProgress(ops);
      if (applied.failure !== null) {
        failure = applied.failure;
        break;
      }
    }
    if (failure === null) failure = world.checkState(lastIndex + 1, 'end').failure;
    logger.info({ ops, events: count, result: failure === null ? 'pass' : 'fail' }, 'world end');
  } finally {
    try {
      world?.close();
    } finally {
      keptFolder = storage.dispose(options.keepFiles ?? false);
    }
  }
  return {
    recorder,
    failure,
    ops,
    events: count,
    virtualMs: clock.elapsedMs(),
    probes: probeCounts(),
    keptFolder,
  };
}
