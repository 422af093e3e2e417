/**
 * executeEvents: runs a list (or lazy stream) of events against a fresh world and judges it.
 * It needs no generator, so replay and shrink call it with edited event lists. The run stops
 * at the first failure; otherwise a final full-state comparison closes it. Files are removed
 * at the end, even when something throws, unless `keepFiles` is set.
 *
 * The loop is paced (sim/pacing.ts): `executionSteps` pauses before the first event and every
 * EVENTS_PER_PAUSE events after, and a stop reason sent back at a pause ends the run there,
 * without the final comparison, as an execution with `stoppedBy` set. `executeEvents` runs it
 * straight through; the CLI runs it with its pacer so a signal ends a world within a second.
 */
import { probeCounts, startProbes } from '../faults/probe.ts';
import type { WorldConfig } from './config/WorldConfig.ts';
import type { OpEvent, SimEvent } from './events.ts';
import { createLogger, type LogSink } from './log/logger.ts';
import { finishNow, RunInterruptedError, type Steps } from './pacing.ts';
import type { LogLevel, RunFailure } from './run-types.ts';
import type { TracedEvent } from './trace/format.ts';
import { TraceRecorder } from './trace/TraceRecorder.ts';
import { VirtualClock } from './VirtualClock.ts';
import type { FaultBackend } from './world/fault-backend.ts';
import type { ModelPort } from './world/model-port.ts';
import { nestedGroups } from './world/processes/nested-groups.ts';
import { type Storage, type StorageFactory, tempFolderStorage } from './world/Storage.ts';
import { serverSessionsFactory, serverTargetFactory } from './world/server/server-factories.ts';
import type { SessionsFactory } from './world/sessions/target-sessions.ts';
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
  /** Keep only the last events in the recorder (memory stays bounded on long runs). */
  readonly tailOnly?: boolean;
  /** Sees each event as it is recorded, such as a trace file written as the run goes. */
  readonly onRecorded?: (traced: TracedEvent) => void;
  /** Makes the target's connections in place of the target's own (planted bugs). */
  readonly sessionsFactory?: SessionsFactory;
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
  /** Why the world stopped before its events ran out without failing, or null. */
  readonly halt: string | null;
  /** Why the run stopped before its events ran out (a signal's name), or null when it did not. */
  readonly stoppedBy: string | null;
}

/**
 * Events between two pauses. A pause costs a generator resume (and, under the CLI's pacer, a
 * wall-clock read), so a small count keeps signals prompt even in worlds whose events are slow.
 */
export const EVENTS_PER_PAUSE = 32;

/** Events kept by a recorder that keeps only its tail: what a failure report prints. */
export const TAIL_EVENTS = 20;

/**
 * The target and its connections. `--target server` starts bin/redlite-server, so a caller's
 * target factory (a broken stand-in, which lives in this process) cannot take its place; the
 * caller's connections still can.
 */
function targetFor(
  config: WorldConfig,
  options: ExecuteOptions,
): { targetFactory: TargetFactory; sessionsFactory?: SessionsFactory } {
  if (config.target !== 'server') {
    return options.sessionsFactory === undefined
      ? { targetFactory: options.targetFactory }
      : { targetFactory: options.targetFactory, sessionsFactory: options.sessionsFactory };
  }
  return {
    targetFactory: serverTargetFactory,
    sessionsFactory: options.sessionsFactory ?? serverSessionsFactory,
  };
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
  return finishNow(executionSteps(config, events, options));
}

export function* executionSteps(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  options: ExecuteOptions,
): Steps<Execution> {
  startProbes();
  const clock = new VirtualClock(config.epochMs);
  const logger = createLogger(options.logLevel ?? 'silent', clock, options.logSink);
  const recorder = new TraceRecorder(config, options.tailOnly === true ? TAIL_EVENTS : null);
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
  let halt: string | null = null;
  let stoppedBy: string | null = null;
  const progressEvery = options.progressEvery ?? 256;
  const onRecorded = options.onRecorded;
  try {
    world = new World({
      config,
      clock,
      storage,
      model: options.modelFactory(clock),
      readCommands: options.readCommands,
      logger,
      ...(faultHandler === undefined ? {} : { faultHandler }),
      ...(onTargetThrow === undefined ? {} : { onTargetThrow }),
      ...(driver === null ? {} : { opObserver: driver }),
      ...targetFor(config, options),
    });
    driver?.attach(world);
    logger.info(
      { seed: config.seed, scenario: config.scenario, clients: config.clients, opsMax: config.opsMax },
      'world start',
    );
    // The first pause comes before any event, so a stop between two short runs runs none.
    stoppedBy = (yield) ?? null;
    // An op with a switch comes with the ops nested in its pause (sim/world/processes/).
    for (const group of nestedGroups(stoppedBy === null ? events : [])) {
      const first = group[0] as SimEvent;
      if (first.atMs < clock.now()) throw new EventOrderError(first, clock.now());
      const results = group.length === 1 ? [world.apply(first)] : world.applyGroup(group as OpEvent[]);
      for (const [position, event] of group.entries()) {
        const applied = results[position] ?? { reply: null, failure: null };
        const woken = applied.woken !== undefined && applied.woken.length > 0 ? applied.woken : undefined;
        recorder.record(event, applied.reply, woken);
        onRecorded?.(
          woken === undefined ? { event, reply: applied.reply } : { event, reply: applied.reply, woken },
        );
        count++;
        lastIndex = event.index;
        if (event.kind === 'op') ops++;
        if (options.onProgress !== undefined && count % progressEvery === 0) options.onProgress(ops);
        if (applied.failure !== null) {
          failure = applied.failure;
          break;
        }
        if (applied.halt !== undefined) {
          halt = applied.halt;
          logger.info({ event: event.index, reason: halt }, 'world halted');
          break;
        }
      }
      if (failure !== null || halt !== null) break;
      if (count % EVENTS_PER_PAUSE < group.length) {
        stoppedBy = (yield) ?? null;
        if (stoppedBy !== null) break;
      }
    }
    if (failure === null && halt === null && stoppedBy === null)
      failure = world.checkBlocked(lastIndex + 1).failure;
    if (failure === null && halt === null && stoppedBy === null) {
      try {
        const final = yield* world.finalCheck(lastIndex + 1);
        failure = final.failure;
        // The last check can halt too (rot_detected excusing the known weakness): say so.
        if (final.halt !== undefined) halt = final.halt;
      } catch (caught) {
        // Stopped inside the final check (a long linearizability search): no verdict.
        if (!(caught instanceof RunInterruptedError)) throw caught;
        stoppedBy = caught.reason;
        logger.info({ event: lastIndex + 1, reason: stoppedBy }, 'final check stopped');
      }
    }
    const result = failure !== null ? 'fail' : stoppedBy === null ? 'pass' : 'interrupted';
    logger.info({ ops, events: count, result }, 'world end');
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
    halt,
    stoppedBy,
  };
}
