/**
 * `vopr cloud render`: the manifests parse as YAML and hold up to a schema-level check (kinds
 * and API versions, an Indexed Job whose completions, parallelism and VOPR_SHARDS agree, the
 * shard index taken from JOB_COMPLETION_INDEX), the sweep and merge commands inside parse with
 * the real CLI's strict flags, and what is not a run's own still comes from deploy/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cloudOptionsFrom } from '../../../sim/cloud/options.ts';
import { fetchPod, manifestsYaml, renderCloud, renderedManifests } from '../../../sim/cloud/render.ts';
import { deployPath, readCloudTemplates } from '../../../sim/cloud/templates.ts';
import { sweepArgvProblem } from '../../support/sweep-argv.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, walked by the shape each test asserts
type Doc = Record<string, any>;

const options = cloudOptionsFrom({
  shards: 4,
  seeds: 1000,
  image: 'ghcr.io/example/redlite-dst:test',
  namespace: 'dst',
  from: '20260101000000000',
  scenario: 'lists',
  ops: '300',
});

function documents(): Doc[] {
  const yaml = manifestsYaml(renderedManifests(renderCloud(options, readCloudTemplates())));
  return parseAllDocuments(yaml).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as Doc;
  });
}

/** The `bin/vopr ...` command of a container script, continuation lines joined, shell values filled. */
function voprCommand(script: string): string[] {
  const line =
    script
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .find((text) => text.startsWith('bin/vopr')) ?? '';
  const filled = line.replace(/\$\{?[A-Za-z_]+\}?/g, '1');
  return [...filled.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').slice(1);
}

describe('vopr cloud render', () => {
  it('renders the claim, an Indexed sweep Job and a merge Job, all in the namespace', () => {
    const [claim, sweep, merge] = documents();
    expect([claim?.apiVersion, claim?.kind]).toEqual(['v1', 'PersistentVolumeClaim']);
    expect([sweep?.apiVersion, sweep?.kind, sweep?.metadata.name]).toEqual([
      'batch/v1',
      'Job',
      'vopr-20260101000000000-1000-sweep',
    ]);
    expect([merge?.apiVersion, merge?.kind, merge?.metadata.name]).toEqual([
      'batch/v1',
      'Job',
      'vopr-20260101000000000-1000-merge',
    ]);
    for (const doc of [claim, sweep, merge]) expect(doc?.metadata.namespace).toBe('dst');
  });

  it('makes the sweep an Indexed Job whose shard count agrees everywhere', () => {
    const spec = documents()[1]?.spec as Doc;
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.completions).toBe(4);
    expect(spec.parallelism).toBe(spec.completions);
    expect(spec.backoffLimit).toBe(4);
    const container = spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/example/redlite-dst:test');
    const shards = container.env.find((entry: Doc) => entry.name === 'VOPR_SHARDS');
    expect(Number(shards.value)).toBe(spec.completions);
    expect(container.args[0]).toContain('$JOB_COMPLETION_INDEX');
    expect(spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs a sweep command with the run flags, the template tuning flags, and nothing the CLI refuses', async () => {
    const [, sweep, merge] = documents();
    const sweepArgv = voprCommand(sweep?.spec.template.spec.containers[0].args[0]);
    expect(sweepArgv.slice(0, 9)).toEqual([
      'sweep',
      '--seeds',
      '1000',
      '--from',
      '20260101000000000',
      '--scenario',
      'lists',
      '--ops',
      '300',
    ]);
    expect(sweepArgv).toContain('--seed-timeout');
    expect(sweepArgv).toContain('--workers');
    expect(sweepArgv).not.toContain('--time');
    expect(await sweepArgvProblem(sweepArgv)).toBeNull();
    const mergeArgv = voprCommand(merge?.spec.template.spec.containers[0].args[0]);
    expect(mergeArgv[0]).toBe('merge');
    expect(await sweepArgvProblem(mergeArgv)).toBeNull();
  });

  it('takes everything that is not the run’s own from deploy/kubernetes', () => {
    const nightly = parseAllDocuments(readFileSync(deployPath('nightly-sweep.yaml'), 'utf8')).map(
      (d) => d.toJS() as Doc,
    );
    const template = nightly[1]?.spec.jobTemplate.spec as Doc;
    const spec = documents()[1]?.spec as Doc;
    expect(spec.podFailurePolicy).toEqual(template.podFailurePolicy);
    expect(spec.template.spec.volumes).toEqual(template.template.spec.volumes);
    const ours = spec.template.spec.containers[0];
    const theirs = template.template.spec.containers[0];
    expect(ours.resources).toEqual(theirs.resources);
    expect(ours.volumeMounts).toEqual(theirs.volumeMounts);
    expect(ours.env.find((entry: Doc) => entry.name === 'WORKERS')).toEqual(
      theirs.env.find((entry: Doc) => entry.name === 'WORKERS'),
    );
  });

  it('mounts the reports volume in the fetch pod', () => {
    const pod = fetchPod(options, readCloudTemplates()) as Doc;
    expect([pod.apiVersion, pod.kind, pod.metadata.name]).toEqual([
      'v1',
      'Pod',
      'vopr-20260101000000000-1000-fetch',
    ]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'reports', mountPath: '/reports' }]);
    expect(pod.spec.volumes[0].persistentVolumeClaim.claimName).toBe('vopr-reports');
  });

  it('refuses options that would render a broken Job', () => {
    expect(() => cloudOptionsFrom({ seeds: 10 })).toThrow(/--image: required/);
    expect(() => cloudOptionsFrom({ image: 'x', seeds: 2, shards: 3 })).toThrow(
      /--shards: expected at most --seeds \(2\)/,
    );
    expect(() => cloudOptionsFrom({ image: 'x', name: 'Bad_Name' })).toThrow(/--name: expected lower-case/);
    expect(() => cloudOptionsFrom({ image: 'x', scenario: 'nope' })).toThrow(/--scenario/);
    expect(() => cloudOptionsFrom({ image: 'x', from: '-1' })).toThrow(/--from/);
  });
});
