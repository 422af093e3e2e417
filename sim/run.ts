/**
 * runSeed: one seed, end to end. Draws the config, generates the world's events lazily, runs
 * them through `executeEvents`, writes the trace when asked, and returns a RunResult. The
 * target, the model and the op catalogue are injected with real defaults, so tests can run
 * broken targets and the faults subsystem can plug in storage and a fault schedule.
 */
import { drawConfig } from './config/draw-config.ts';
import { configOverrides, worldOf } from './config/flag-options.ts';
import type { KnobName } from './config/knobs.ts';
import type { WorldConfig } from './config/WorldConfig.ts';
import { definedOnly } from './defined-only.ts';
import { type ExecuteOptions, type Execution, executeEvents } from './execute-events.ts';
import { simDiskBackend } from './fault-driver/sim-disk-backend.ts';
import { WorldGenerator } from './generator/WorldGenerator.ts';
import type { LogSink } from './log/logger.ts';
import type { OpSpec } from './ops/types.ts';
import { replayCommand } from './replay-command.ts';
import type { RunOptions, RunResult } from './run-types.ts';
import { writeTrace } from './trace/trace-file.ts';
import type { VirtualClock } from './VirtualClock.ts';
import { startStopwatch } from './wall-clock.ts';
import {
  defaultModelFactory,
  defaultOpCatalogue,
  defaultReadCommands,
  defaultTargetFactory,
} from './world/defaults.ts';
import type { ModelPort } from './world/model-port.ts';
import type { StorageFactory } from './world/Storage.ts';
import type { TargetFactory } from './world/target.ts';
import type { FaultHandler, TargetThrowHandler } from './world/World.ts';

export interface SeedRunOptions extends RunOptions {
  targetFactory?: TargetFactory;
  modelFactory?: (clock: VirtualClock) => ModelPort;
  opCatalogue?: readonly OpSpec[];
  storageFactory?: StorageFactory;
  /** Knob overrides beyond the CLI's flags, validated against the knob table. */
  knobs?: Partial<Record<KnobName, number>>;
  /** Applies fault events in place of the storage's own fault controller. */
  faultHandler?: FaultHandler;
  onTargetThrow?: TargetThrowHandler;
  logSink?: LogSink;
  onProgress?: (ops: number) => void;
}

/** Everything a run produced, for callers that print more than the RunResult. */
export interface WorldRun {
  readonly config: WorldConfig;
  readonly execution: Execution;
  readonly result: RunResult;
}

export function configFor(options: SeedRunOptions): WorldConfig {
  return drawConfig(
    options.seed,
    configOverrides(worldOf(options), options.knobs),
    options.opCatalogue ?? defaultOpCatalogue(),
  );
}

export function executeOptionsFor(options: SeedRunOptions): ExecuteOptions {
  return {
    targetFactory: options.targetFactory ?? defaultTargetFactory,
    modelFactory: options.modelFactory ?? defaultModelFactory,
    readCommands: defaultReadCommands(options.opCatalogue ?? defaultOpCatalogue()),
    faultBackend: simDiskBackend,
    ...definedOnly({
      storageFactory: options.storageFactory,
      faultHandler: options.faultHandler,
      onTargetThrow: options.onTargetThrow,
      logLevel: options.logLevel,
      logSink: options.logSink,
      keepFiles: options.keepFiles,
      onProgress: options.onProgress,
    }),
  };
}

export function runWorld(options: SeedRunOptions): WorldRun {
  const stopwatch = startStopwatch();
  const config = configFor(options);
  const catalogue = options.opCatalogue ?? defaultOpCatalogue();
  const generator = new WorldGenerator(config, catalogue);
  const execution = executeEvents(config, generator, executeOptionsFor(options));
  const traceHash = execution.recorder.traceHash();
  const result: RunResult = {
    seed: config.seed,
    scenario: config.scenario,
    result: execution.failure === null ? 'pass' : 'fail',
    ops: execution.ops,
    virtual_ms: execution.virtualMs,
    wall_ms: Math.round(stopwatch.elapsedMs()),
    trace_hash: traceHash,
    events: execution.events,
    failure: execution.failure,
    probes: execution.probes,
    // The replay pins what the seed drew for scenario and op count, so it still rebuilds this
    // world if the defaults change.
    replay: replayCommand(config.seed, {
      ...worldOf(options),
      scenario: config.scenario,
      opsMax: config.opsMax,
    }),
  };
  if (options.tracePath !== undefined) {
    writeTrace(options.tracePath, execution.recorder, {
      outcome: result.result,
      events: result.events,
      ops: result.ops,
      virtual_ms: result.virtual_ms,
      trace_hash: traceHash,
      failure: result.failure,
    });
  }
  return { config, execution, result };
}

export function runSeed(options: SeedRunOptions): RunResult {
  return runWorld(options).result;
}
