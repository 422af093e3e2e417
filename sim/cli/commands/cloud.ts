/**
 * `vopr cloud render | run`: the nightly sweep's shards on the engine users already run,
 * Kubernetes Indexed Jobs (sim/cloud/). `render` prints the reports claim, the Indexed sweep
 * Job and the merge Job, filled in from deploy/kubernetes/, for `kubectl apply -f -`; `run`
 * applies them with the kubectl on PATH, waits, copies the shard reports out and merges them
 * here. Parsing and printing only. Exit codes: 0 no seed failed (render: printed), 1 a seed
 * failed, 2 bad input or no kubectl.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { findKubectl, type Kubectl, KubectlMissingError, kubectlAt } from '../../cloud/kubectl.ts';
import {
  CLOUD_SHARDS_DEFAULT,
  CLOUD_TIMEOUT_DEFAULT,
  type CloudOptions,
  cloudOptionsFrom,
  type RawCloudOptions,
} from '../../cloud/options.ts';
import { manifestsYaml, renderCloud, renderedManifests } from '../../cloud/render.ts';
import { runCloud } from '../../cloud/run-cloud.ts';
import { readCloudTemplates } from '../../cloud/templates.ts';
import type { RawWorldFlags } from '../../config/world-flags.ts';
import { checkReportPaths, ReportPathError } from '../../report/write-reports.ts';
import { SEEDS_DEFAULT } from '../../sweep/options.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';
import { asUsageError } from '../suite-output.ts';
import { withWorldFlags, worldFlagsOf } from '../world-options.ts';

export interface CloudFlags extends RawWorldFlags {
  shards?: number | undefined;
  seeds?: number | undefined;
  image?: string | undefined;
  namespace?: string | undefined;
  from?: string | undefined;
  name?: string | undefined;
  timeout?: string | undefined;
  json?: boolean | undefined;
  out?: string | undefined;
  report?: string | string[] | undefined;
}

function withCloudOptions<T>(yargs: Argv<T>): Argv<T & CloudFlags> {
  const cloud = yargs
    .option('shards', {
      type: 'number',
      describe: `pods of the Indexed Job (default ${CLOUD_SHARDS_DEFAULT})`,
    })
    .option('seeds', { type: 'number', describe: `seeds in the whole sweep (default ${SEEDS_DEFAULT})` })
    .option('image', { type: 'string', describe: 'the image built from deploy/Dockerfile (required)' })
    .option('namespace', { type: 'string', describe: 'Kubernetes namespace (default: the context’s)' })
    .option('from', { type: 'string', describe: 'first seed (default 0)' })
    .option('name', {
      type: 'string',
      describe: 'run name: names the Jobs and the folder on the volume (default vopr-<from>-<seeds>)',
    })
    .option('timeout', {
      type: 'string',
      describe: `how long the Jobs may run, and run waits (default ${CLOUD_TIMEOUT_DEFAULT})`,
    })
    .option('json', { type: 'boolean', describe: 'print the result as one JSON object on the last line' });
  return withWorldFlags(cloud) as Argv<T & CloudFlags>;
}

function optionsOf(flags: CloudFlags): CloudOptions {
  const raw: RawCloudOptions = {
    ...worldFlagsOf(flags),
    shards: flags.shards,
    seeds: flags.seeds,
    image: flags.image,
    namespace: flags.namespace,
    from: flags.from,
    name: flags.name,
    timeout: flags.timeout,
  };
  return cloudOptionsFrom(raw);
}

export function cloudRenderHandler(flags: CloudFlags): void {
  const context = cliContext();
  let options: CloudOptions;
  try {
    options = optionsOf(flags);
  } catch (error) {
    throw asUsageError(error);
  }
  const manifests = renderedManifests(renderCloud(options, readCloudTemplates()));
  if (flags.json === true) {
    context.out(JSON.stringify({ name: options.name, manifests }));
  } else {
    for (const line of manifestsYaml(manifests).replace(/\n$/, '').split('\n')) context.out(line);
  }
  context.exitCode = EXIT_PASS;
}

/** The handler with kubectl injectable; by default the one on PATH, and exit 2 without it. */
export async function cloudRunHandler(flags: CloudFlags, kubectl?: Kubectl): Promise<void> {
  const context = cliContext();
  let options: CloudOptions;
  let reports: string[];
  let outDir: string;
  let client: Kubectl;
  try {
    options = optionsOf(flags);
    outDir = flags.out ?? join('reports', 'cloud', options.name);
    reports =
      flags.report === undefined
        ? ['json', 'md', 'html'].map((extension) => join(outDir, `merged.${extension}`))
        : Array.isArray(flags.report)
          ? flags.report
          : [flags.report];
    checkReportPaths(reports);
    if (kubectl === undefined) {
      const found = findKubectl(process.env.PATH);
      if (found === null) throw new KubectlMissingError();
      client = kubectlAt(found);
    } else {
      client = kubectl;
    }
  } catch (error) {
    if (error instanceof KubectlMissingError || error instanceof ReportPathError)
      throw new UsageError(error.message);
    throw asUsageError(error);
  }
  const run = await runCloud({ ...options, outDir, reports }, readCloudTemplates(), {
    kubectl: client,
    say: (line) => context.err(line),
  });
  for (const warning of run.warnings) context.err(`warning: ${warning}`);
  const totals = run.report.totals;
  if (flags.json === true) {
    context.out(
      JSON.stringify({
        name: options.name,
        shards: options.shards,
        seeds: options.seeds,
        from: options.from.toString(10),
        totals,
        shard_reports: run.shardFiles,
        reports,
        warnings: run.warnings,
      }),
    );
  } else {
    for (const path of reports) context.out(`report: ${path}`);
    context.out(`${totals.passed} passed, ${totals.failed} failed`);
  }
  context.exitCode = totals.failed === 0 ? EXIT_PASS : EXIT_FAILURE_FOUND;
}

const renderCommand: CommandModule<object, CloudFlags> = {
  command: 'render',
  describe: 'print the reports claim, the Indexed sweep Job and the merge Job (for kubectl apply -f -)',
  builder: (yargs: Argv) => withCloudOptions(yargs) as Argv<CloudFlags>,
  handler: (flags: ArgumentsCamelCase<CloudFlags>) => cloudRenderHandler(flags),
};

const runSubcommand: CommandModule<object, CloudFlags> = {
  command: 'run',
  describe: 'apply them with kubectl, wait, copy the shard reports out and merge them here',
  builder: (yargs: Argv) =>
    withCloudOptions(yargs)
      .option('out', {
        type: 'string',
        describe: 'where the run’s folder is copied (default reports/cloud/<name>)',
      })
      .option('report', {
        type: 'string',
        describe: 'merged report: .json, .md or .html (repeatable; default <out>/merged.{json,md,html})',
      }) as Argv<CloudFlags>,
  handler: (flags: ArgumentsCamelCase<CloudFlags>) => cloudRunHandler(flags),
};

export const cloudCommand: CommandModule<object, object> = {
  command: 'cloud',
  describe: 'shard a sweep over a Kubernetes Indexed Job: render the Jobs, or run them with kubectl',
  builder: (yargs: Argv) =>
    yargs
      .command(renderCommand)
      .command(runSubcommand)
      .demandCommand(1, 'cloud: name an action, render or run') as Argv<object>,
  handler: () => {},
};
