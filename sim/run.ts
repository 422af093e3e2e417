/**
 * runSeed: one seed, end to end. Draws the config, generates the world's events lazily, runs
 * them through the executor, writes the trace when asked (as the run goes), and returns a
 * RunResult. The target, the model and the op catalogue are injected with real defaults, so
 * tests can run broken targets and the faults subsystem can plug in storage and a fault
 * schedule.
 *
 * A RunResult says whether the run did what was asked: `complete` is false when it ended
 * without a failure before running its ops, because the world's virtual time ran out
 * (`virtualMsMax`), a signal stopped it, or the world halted (`halted`: redlite refused to
 * go on, such as a corrupt file it would not open, which is correct behaviour but ends the
 * world; `halt` says why). `runWorldPaced` is the CLI's form, paced so a
 * signal can stop it (sim/pacing.ts); `runWorld` and `runSeed` run straight through.
 */
import { drawConfig } from './config/draw-config.ts';
import { faultsOn } from './config/fault-rates.ts';
import { configOverrides, worldOf } from './config/flag-options.ts';
import type { KnobName } from './config/knobs.ts';
import type { WorldConfig } from './config/WorldConfig.ts';
import { definedOnly } from './defined-only.ts';
import { type ExecuteOptions, type Execution, executionSteps } from './execute-events.ts';
import { simDiskBackend } from './fault-driver/sim-disk-backend.ts';
import { WorldGenerator } from './generator/WorldGenerator.ts';
import type { LogSink } from './log/logger.ts';
import type { OpSpec } from './ops/types.ts';
import type { OutputWriteError } from './output-file.ts';
import { finishNow, finishPaced, type Pacer, type Steps } from './pacing.ts';
import { replayCommand } from './replay-command.ts';
import { type RunOptions, type RunResult, STOPPED_BY_HALT } from './run-types.ts';
import type { TraceOutcome } from './trace/format.ts';
import { TraceFileWriter } from './trace/trace-file.ts';
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
import type { SessionsFactory } from './world/sessions/target-sessions.ts';
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
  /** Keep only the last events in memory, so a run of millions of events stays bounded. */
  tailOnly?: boolean;
  /** Makes the target's connections in place of what `--target` names (planted bugs). */
  sessionsFactory?: SessionsFactory;
}

/** Everything a run produced, for callers that print more than the RunResult. */
export interface WorldRun {
  readonly config: WorldConfig;
  readonly execution: Execution;
  readonly result: RunResult;
  /** Why `tracePath` could not be written, or null; the run itself is whole either way. */
  readonly traceError: OutputWriteError | null;
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
      tailOnly: options.tailOnly,
      sessionsFactory: options.sessionsFactory,
    }),
  };
}

/** The client ops a world of `config` runs when nothing stops it early. */
function opsAsked(config: WorldConfig): number {
  return config.opsMax + (faultsOn(config.faults) ? config.livenessOps : 0);
}

/** Whether an execution did what was asked, and if not, why it stopped. */
function completeness(execution: Execution, asked: number): { complete: boolean; stopped_by: string | null } {
  if (execution.failure !== null) return { complete: true, stopped_by: null };
  if (execution.stoppedBy !== null) return { complete: false, stopped_by: execution.stoppedBy };
  // redlite refused to go on (a corrupt file it will not open): the world cannot run further.
  if (execution.halt !== null) return { complete: false, stopped_by: STOPPED_BY_HALT };
  // The generator ends early only when the next event lies past virtualMsMax.
  if (execution.ops < asked) return { complete: false, stopped_by: 'virtualMsMax' };
  return { complete: true, stopped_by: null };
}

/** One world as paced steps; the trace write error, if any, is in the result. */
export function* runWorldSteps(options: SeedRunOptions): Steps<WorldRun> {
  const stopwatch = startStopwatch();
  const config = configFor(options);
  const catalogue = options.opCatalogue ?? defaultOpCatalogue();
  const generator = new WorldGenerator(config, catalogue);
  const writer = options.tracePath === undefined ? null : new TraceFileWriter(options.tracePath, config);
  const execute = executeOptionsFor(options);
  let execution: Execution;
  try {
    execution = yield* executionSteps(
      config,
      generator,
      writer === null ? execute : { ...execute, onRecorded: (traced) => writer.event(traced) },
    );
  } catch (error) {
    writer?.close();
    throw error;
  }
  const traceHash = execution.recorder.traceHash();
  const asked = opsAsked(config);
  const { complete, stopped_by } = completeness(execution, asked);
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
    complete,
    stopped_by,
    ...(execution.halt === null ? {} : { halt: execution.halt }),
    ops_asked: asked,
  };
  const traceError = writer?.finish(runOutcome(result, execution)) ?? null;
  return { config, execution, result, traceError };
}

/** The trace's outcome line for a run. */
function runOutcome(result: RunResult, execution: Execution): TraceOutcome {
  return {
    outcome: execution.stoppedBy !== null ? 'interrupted' : result.result,
    events: result.events,
    ops: result.ops,
    virtual_ms: result.virtual_ms,
    trace_hash: result.trace_hash,
    failure: result.failure,
    complete: result.complete ?? true,
    stopped_by: result.stopped_by ?? null,
    ops_asked: result.ops_asked ?? result.ops,
  };
}

/** One world, straight through; a trace that cannot be written is thrown (OutputWriteError). */
export function runWorld(options: SeedRunOptions): WorldRun {
  const run = finishNow(runWorldSteps(options));
  if (run.traceError !== null) throw run.traceError;
  return run;
}

/** One world paced by `pacer`, which may stop it; a trace write error is returned, not thrown. */
export function runWorldPaced(options: SeedRunOptions, pacer: Pacer): Promise<WorldRun> {
  return finishPaced(runWorldSteps(options), pacer);
}

/**
 * One seed's result, as a sweep worker and the seed loops want it: the result holds no events,
 * so the recorder keeps only the tail. Keeping the whole trace made every young-generation
 * collection copy the newest events into the old generation: on 5000-op mixed worlds
 * (`--trace-gc`), each took 5 to 9 ms with the whole trace kept and 1.5 to 4 ms with the tail.
 */
export function runSeed(options: SeedRunOptions): RunResult {
  return runWorld({ ...options, tailOnly: true }).result;
}
