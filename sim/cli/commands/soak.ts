/**
 * `vopr soak [--duration 1h] [--rate OPS_PER_S] [--report FILE]`: long-running stability,
 * per the spec's memory_stability and throughput_stability (sim/soak/). It samples RSS, heap,
 * open files, temporary folders and database size, fits their trends after a warm-up and
 * fails above the spec's alert thresholds. Parsing and printing only. Exit codes: 0 stable,
 * 1 an alert fired or a reply was wrong, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatSeed } from '../../random/index.ts';
import { renderSoakHtml } from '../../soak/html.ts';
import { renderSoakMarkdown } from '../../soak/markdown.ts';
import {
  SOAK_DURATION_DEFAULT,
  SOAK_RATE_DEFAULT_OPS_PER_S,
  SOAK_SAMPLE_EVERY_DEFAULT,
  soakOptionsFrom,
} from '../../soak/options.ts';
import { runSoak, type SoakDeps } from '../../soak/run-soak.ts';
import { RSS_GROWTH_PERCENT_MAX, THROUGHPUT_DROP_PERCENT_MAX } from '../../soak/verdicts.ts';
import { cliContext, cliPacer } from '../context.ts';
import {
  asUsageError,
  reportIfStopped,
  type SuiteOutputFlags,
  SuitePrinter,
  withSuiteOutput,
} from '../suite-output.ts';
import { seedFrom } from '../world-options.ts';

export interface SoakFlags extends SuiteOutputFlags {
  duration?: string | undefined;
  rate?: number | undefined;
  'sample-every'?: string | undefined;
  warmup?: string | undefined;
  seed?: string | undefined;
}

const RENDERERS = { '.html': renderSoakHtml, '.md': renderSoakMarkdown };

/** The handler with its target injectable, so tests can plant a leak. */
export async function soakHandler(flags: SoakFlags, deps: SoakDeps = {}): Promise<void> {
  const context = cliContext();
  let printer: SuitePrinter | null = null;
  try {
    const { seed, drawn } = seedFrom(flags.seed, () => context.drawSeed());
    const options = soakOptionsFrom({
      seed,
      duration: flags.duration,
      rate: flags.rate,
      sampleEvery: flags['sample-every'],
      warmup: flags.warmup,
    });
    printer = new SuitePrinter(flags, RENDERERS);
    if (drawn) context.out(`seed ${formatSeed(seed)}`);
    printer.intro(
      `soak: ${options.durationMs / 1000} s at ${options.rateOpsPerS} ops/s, sampling every ${options.sampleEveryMs} ms, ` +
        `warm-up ${options.warmupMs} ms, seed ${formatSeed(seed)}`,
    );
    const report = await runSoak(options, printer.observer(), { pacer: cliPacer(), ...deps });
    printer.finish(report);
    reportIfStopped(report, 'the samples taken so far are judged and reported');
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const soakCommand: CommandModule<object, SoakFlags> = {
  command: 'soak',
  describe: `long-running stability against the spec's alerts (RSS growth ${RSS_GROWTH_PERCENT_MAX} %, throughput drop ${THROUGHPUT_DROP_PERCENT_MAX} %)`,
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs, '.json (the time series), .md or .html (charts)')
      .option('duration', {
        type: 'string',
        describe: `how long: 90s, 10m, 1h (default ${SOAK_DURATION_DEFAULT})`,
      })
      .option('rate', {
        type: 'number',
        describe: `target ops per second (default ${SOAK_RATE_DEFAULT_OPS_PER_S})`,
      })
      .option('sample-every', {
        type: 'string',
        describe: `sampling period (default ${SOAK_SAMPLE_EVERY_DEFAULT})`,
      })
      .option('warmup', {
        type: 'string',
        describe: 'time left out of the trend fits (default a tenth of --duration)',
      })
      .option('seed', {
        type: 'string',
        describe: 'seed of the workload: 0 to 2^64-1 (random when absent)',
      }) as Argv<SoakFlags>,
  handler: (flags: ArgumentsCamelCase<SoakFlags>) => soakHandler(flags),
};
