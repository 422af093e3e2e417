/**
 * `vopr cloud run`: one sweep on a Kubernetes cluster, end to end, through kubectl.
 *
 * 1. `kubectl apply` the reports claim and the Indexed sweep Job, then `kubectl wait` for the
 *    Job to complete (each shard pod exits 0 when its seeds ran, failures included).
 * 2. Apply the merge Job and wait for it: the merged report stays on the volume beside the
 *    shard reports, for the record.
 * 3. Apply a pod that mounts the volume and idles, wait until it is Ready, `kubectl cp` the
 *    run's folder (shard reports and failing traces) into `outDir`, and delete the pod.
 *    Completed Job pods cannot be copied from, and logs would carry the reports but not the
 *    traces, hence the extra pod.
 * 4. Merge the fetched shard reports here with `vopr merge`'s own code into the `--report`
 *    files.
 *
 * A failing kubectl call throws KubectlError with its arguments and what it said; the fetch
 * pod is deleted whatever happens once it was created.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../error-kinds.ts';
import { mergeReportFiles } from '../report/merge-files.ts';
import type { MergeResult } from '../report/merge-reports.ts';
import type { Kubectl } from './kubectl.ts';
import { KubectlError } from './kubectl.ts';
import type { CloudOptions } from './options.ts';
import {
  fetchPod,
  fetchPodName,
  manifestsYaml,
  mergeJobName,
  renderCloud,
  runFolder,
  sweepJobName,
} from './render.ts';
import type { CloudTemplates } from './templates.ts';

export interface CloudRunOptions extends CloudOptions {
  /** Where the run's folder is copied to. */
  readonly outDir: string;
  /** The merged report files (.json, .md, .html). */
  readonly reports: readonly string[];
}

export interface CloudRunDeps {
  readonly kubectl: Kubectl;
  /** A line of progress for people. */
  readonly say: (line: string) => void;
}

export interface CloudRun extends MergeResult {
  readonly shardFiles: readonly string[];
}

/** The shard reports did not come back: the tool could not do its job (exit 3). */
export class CloudFetchError extends ToolError {
  constructor(outDir: string, found: readonly string[]) {
    super(
      `no shard reports (shard-N.json) in the fetched folder ${outDir} (found: ${found.join(', ') || 'nothing'})`,
    );
    this.name = 'CloudFetchError';
  }
}

/** The time to wait for one step, always a whole number of seconds for kubectl. */
function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}

function shardFiles(outDir: string): string[] {
  const names = readdirSync(outDir);
  const shards = names
    .map((name) => ({ name, index: /^shard-(\d+)\.json$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; index: string } => entry.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((entry) => join(outDir, entry.name));
  if (shards.length === 0) throw new CloudFetchError(outDir, names);
  return shards;
}

export async function runCloud(
  options: CloudRunOptions,
  templates: CloudTemplates,
  deps: CloudRunDeps,
): Promise<CloudRun> {
  const namespace = options.namespace === null ? [] : ['--namespace', options.namespace];
  const call = async (args: string[], stdin?: string): Promise<string> => {
    const full = [...args, ...namespace];
    const result = await deps.kubectl(full, stdin);
    if (result.code !== 0) throw new KubectlError(full, result);
    return result.stdout;
  };
  const wait = (what: string, condition: string) =>
    call(['wait', `--for=condition=${condition}`, what, `--timeout=${seconds(options.timeoutMs)}`]);
  const rendered = renderCloud(options, templates);
  deps.say(
    `applying ${sweepJobName(options)}: ${options.seeds} seeds from ${options.from} in ${options.shards} shards`,
  );
  await call(['apply', '-f', '-'], manifestsYaml([rendered.claim, rendered.sweepJob]));
  deps.say(`waiting for ${sweepJobName(options)} (up to ${seconds(options.timeoutMs)})`);
  await wait(`job/${sweepJobName(options)}`, 'complete');
  deps.say(`applying ${mergeJobName(options)} and waiting for it`);
  await call(['apply', '-f', '-'], manifestsYaml([rendered.mergeJob]));
  await wait(`job/${mergeJobName(options)}`, 'complete');
  const pod = fetchPodName(options);
  deps.say(`fetching ${runFolder(options)} through pod ${pod} into ${options.outDir}`);
  await call(['apply', '-f', '-'], manifestsYaml([fetchPod(options, templates)]));
  try {
    await wait(`pod/${pod}`, 'Ready');
    await call(['cp', `${pod}:${runFolder(options)}`, options.outDir]);
  } finally {
    // Best effort: a failed delete must not hide why the fetch failed; the pod idles until
    // its sleep ends anyway.
    const args = ['delete', 'pod', pod, '--wait=false', ...namespace];
    const deleted = await deps.kubectl(args);
    if (deleted.code !== 0) deps.say(`warning: ${new KubectlError(args, deleted).message}`);
  }
  const files = shardFiles(options.outDir);
  return { ...mergeReportFiles(files, options.reports), shardFiles: files };
}
