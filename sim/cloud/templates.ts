/**
 * The Kubernetes objects of `vopr cloud`, read from the files users already deploy:
 * deploy/kubernetes/nightly-sweep.yaml (the reports volume claim and the nightly CronJob,
 * whose job template is the Indexed Job of one sweep) and deploy/kubernetes/merge.yaml (the
 * merge CronJob). Those files stay the one source of truth for everything that is not a
 * run's own: volumes, resources, the pod failure policy, the worker count from the CPU limit,
 * and the sweep's tuning flags. This file only finds the pieces; render.ts fills them in.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ToolError } from '../error-kinds.ts';

export type Manifest = Record<string, unknown>;

export interface CloudTemplates {
  /** The PersistentVolumeClaim the shards write to. */
  readonly claim: Manifest;
  /** The nightly CronJob's jobTemplate.spec: an Indexed Job of sweep shards. */
  readonly sweepJobSpec: Manifest;
  /** The merge CronJob's jobTemplate.spec. */
  readonly mergeJobSpec: Manifest;
}

export class CloudTemplateError extends ToolError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'CloudTemplateError';
    this.path = path;
  }
}

export function deployPath(name: string): string {
  return fileURLToPath(new URL(`../../deploy/kubernetes/${name}`, import.meta.url));
}

function readDocuments(path: string): Manifest[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CloudTemplateError(
      path,
      `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new CloudTemplateError(path, 'not YAML documents');
  return documents.map((document) => {
    if (document.errors.length > 0)
      throw new CloudTemplateError(path, document.errors[0]?.message ?? 'bad YAML');
    return document.toJS() as Manifest;
  });
}

function cronJobSpec(path: string, documents: readonly Manifest[]): Manifest {
  const cron = documents.find((document) => document.kind === 'CronJob');
  const spec = (cron?.spec as Manifest | undefined)?.jobTemplate as Manifest | undefined;
  if (spec?.spec === undefined) throw new CloudTemplateError(path, 'no CronJob with a jobTemplate.spec');
  return spec.spec as Manifest;
}

export function readCloudTemplates(): CloudTemplates {
  const sweepPath = deployPath('nightly-sweep.yaml');
  const mergePath = deployPath('merge.yaml');
  const sweepDocuments = readDocuments(sweepPath);
  const claim = sweepDocuments.find((document) => document.kind === 'PersistentVolumeClaim');
  if (claim === undefined) throw new CloudTemplateError(sweepPath, 'no PersistentVolumeClaim');
  return {
    claim,
    sweepJobSpec: cronJobSpec(sweepPath, sweepDocuments),
    mergeJobSpec: cronJobSpec(mergePath, readDocuments(mergePath)),
  };
}
