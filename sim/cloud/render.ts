/**
 * Fills the deploy/ templates in for one cloud run: the reports claim as it is, an Indexed
 * Job of `shards` sweep pods over `seeds` seeds from `from`, the Job that merges their
 * reports, and (for `vopr cloud run`) a pod that mounts the volume so the shard reports can
 * be copied out. Each pod runs the same CLI as a laptop: `bin/vopr sweep` takes its shard from
 * JOB_COMPLETION_INDEX and VOPR_SHARDS, `bin/vopr merge` joins the reports.
 *
 * The sweep command keeps the template's own tuning flags (`--workers "$WORKERS"`,
 * `--seed-timeout`) and replaces what a run decides: its seeds, its world flags, and where
 * its reports and traces go (/reports/<name>/ on the volume).
 */
import { stringify } from 'yaml';
import { shellWord, worldArgs } from '../replay-command.ts';
import type { CloudOptions } from './options.ts';
import { CloudTemplateError, type CloudTemplates, deployPath, type Manifest } from './templates.ts';

/** Sweep flags a run sets itself; the template's values for them are dropped. */
const RUN_FLAGS = new Set(['--time', '--from', '--seeds', '--report', '--trace-dir']);
const REPORTS_MOUNT = '/reports';

function clone<T>(value: T): T {
  return structuredClone(value);
}

function container(spec: Manifest, path: string): Manifest {
  const pod = (spec.template as Manifest | undefined)?.spec as Manifest | undefined;
  const first = (pod?.containers as Manifest[] | undefined)?.[0];
  if (first === undefined) throw new CloudTemplateError(path, 'the job template has no container');
  return first;
}

/** The template's `bin/vopr sweep` flags that a run keeps, as shell words. */
export function templateSweepFlags(templates: CloudTemplates): string[] {
  const path = deployPath('nightly-sweep.yaml');
  const script = String((container(templates.sweepJobSpec, path).args as unknown[] | undefined)?.[0] ?? '');
  const line = script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .find((text) => text.trim().startsWith('bin/vopr sweep'));
  if (line === undefined)
    throw new CloudTemplateError(path, 'no `bin/vopr sweep` command in the container args');
  const words =
    line
      .trim()
      .match(/"[^"]*"|\S+/g)
      ?.slice(2) ?? [];
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const value = words[i + 1];
    const takesValue = value !== undefined && !value.startsWith('--');
    if (!RUN_FLAGS.has(word) && word.startsWith('--')) kept.push(word, ...(takesValue ? [value] : []));
    if (takesValue) i++;
  }
  return kept;
}

function continued(command: string, flags: readonly string[][]): string {
  return [command, ...flags.map((words) => `  ${words.join(' ')}`)].join(' \\\n');
}

export function sweepScript(options: CloudOptions, tuning: readonly string[]): string {
  const world = worldArgs(options.world).map(shellWord);
  const pairs: string[][] = [
    ['--seeds', String(options.seeds)],
    ['--from', options.from.toString(10)],
  ];
  for (let i = 0; i < world.length; i++) {
    const next = world[i + 1];
    if (next !== undefined && !next.startsWith('--')) pairs.push([world[i] as string, world[++i] as string]);
    else pairs.push([world[i] as string]);
  }
  for (let i = 0; i < tuning.length; i++) {
    const next = tuning[i + 1];
    if (next !== undefined && !next.startsWith('--'))
      pairs.push([tuning[i] as string, tuning[++i] as string]);
    else pairs.push([tuning[i] as string]);
  }
  pairs.push(['--trace-dir', '"$OUT/traces"'], ['--report', '"$OUT/shard-$JOB_COMPLETION_INDEX.json"']);
  return [
    `OUT=${REPORTS_MOUNT}/${options.name}`,
    'mkdir -p "$OUT"',
    continued('bin/vopr sweep', pairs),
    'code=$?',
    '# Exit code 1 means seeds failed: the shard did its job, and the failures are in its report.',
    '[ "$code" -le 1 ] && exit 0',
    'exit "$code"',
    '',
  ].join('\n');
}

export function mergeScript(options: CloudOptions): string {
  return [
    `OUT=${REPORTS_MOUNT}/${options.name}`,
    continued('bin/vopr merge "$OUT"/shard-*.json', [
      ['--report', '"$OUT/merged.json"'],
      ['--report', '"$OUT/merged.md"'],
      ['--report', '"$OUT/merged.html"'],
    ]),
    'code=$?',
    'cat "$OUT/merged.md"',
    '[ "$code" -le 1 ] && exit 0',
    'exit "$code"',
    '',
  ].join('\n');
}

function metadata(options: CloudOptions, name: string): Manifest {
  return {
    name,
    ...(options.namespace === null ? {} : { namespace: options.namespace }),
    labels: { 'app.kubernetes.io/name': 'redlite-dst', 'redlite-dst/run': options.name },
  };
}

export function sweepJobName(options: CloudOptions): string {
  return `${options.name}-sweep`;
}

export function mergeJobName(options: CloudOptions): string {
  return `${options.name}-merge`;
}

export function fetchPodName(options: CloudOptions): string {
  return `${options.name}-fetch`;
}

/** Where a run's reports live on the volume, as the fetch pod sees it. */
export function runFolder(options: CloudOptions): string {
  return `${REPORTS_MOUNT}/${options.name}`;
}

function sweepJob(options: CloudOptions, templates: CloudTemplates): Manifest {
  const spec = clone(templates.sweepJobSpec);
  spec.completions = options.shards;
  spec.parallelism = options.shards;
  spec.backoffLimit = options.shards;
  spec.activeDeadlineSeconds = Math.ceil(options.timeoutMs / 1000);
  const sweep = container(spec, deployPath('nightly-sweep.yaml'));
  sweep.image = options.image;
  sweep.args = [sweepScript(options, templateSweepFlags(templates))];
  const env = (sweep.env as Manifest[] | undefined) ?? [];
  const shards = env.find((entry) => entry.name === 'VOPR_SHARDS');
  if (shards === undefined) env.push({ name: 'VOPR_SHARDS', value: String(options.shards) });
  else shards.value = String(options.shards);
  sweep.env = env;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(options, sweepJobName(options)), spec };
}

function mergeJob(options: CloudOptions, templates: CloudTemplates): Manifest {
  const spec = clone(templates.mergeJobSpec);
  const merge = container(spec, deployPath('merge.yaml'));
  merge.image = options.image;
  merge.args = [mergeScript(options)];
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(options, mergeJobName(options)), spec };
}

/** A pod that mounts the reports volume and idles, so `kubectl cp` can copy a run's folder out. */
export function fetchPod(options: CloudOptions, templates: CloudTemplates): Manifest {
  const pod = clone((templates.mergeJobSpec.template as Manifest).spec as Manifest);
  const merge = container(templates.mergeJobSpec, deployPath('merge.yaml'));
  pod.restartPolicy = 'Never';
  pod.containers = [
    {
      name: 'fetch',
      image: options.image,
      command: ['/bin/sh', '-c'],
      args: [`sleep ${Math.ceil(options.timeoutMs / 1000)}`],
      volumeMounts: clone(merge.volumeMounts),
    },
  ];
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(options, fetchPodName(options)), spec: pod };
}

function claim(options: CloudOptions, templates: CloudTemplates): Manifest {
  const copy = clone(templates.claim);
  const meta = (copy.metadata as Manifest | undefined) ?? {};
  if (options.namespace !== null) meta.namespace = options.namespace;
  copy.metadata = meta;
  return copy;
}

export interface RenderedCloud {
  readonly claim: Manifest;
  readonly sweepJob: Manifest;
  readonly mergeJob: Manifest;
}

/** What `vopr cloud render` prints: the claim, the Indexed sweep Job and the merge Job. */
export function renderCloud(options: CloudOptions, templates: CloudTemplates): RenderedCloud {
  return {
    claim: claim(options, templates),
    sweepJob: sweepJob(options, templates),
    mergeJob: mergeJob(options, templates),
  };
}

export function renderedManifests(rendered: RenderedCloud): Manifest[] {
  return [rendered.claim, rendered.sweepJob, rendered.mergeJob];
}

export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((manifest) => stringify(manifest, { lineWidth: 0 })).join('---\n');
}
