/**
 * `vopr cloud` at the command line: `render` prints manifests kubectl can apply; `run` drives
 * a fake kubectl on PATH (a script that records its arguments and answers with canned shard
 * reports), in the documented order, and merges what it fetched; without kubectl it says so
 * and exits 2.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { EXIT_TOOL_ERROR } from '../../sim/cli/context.ts';
import { KubectlError } from '../../sim/cloud/kubectl.ts';
import { ToolError } from '../../sim/error-kinds.ts';
import { runCaptured } from '../support/cli-capture.ts';
import { runnerPath, sweepWith } from '../support/sweep-harness.ts';

const folder = mkdtempSync(join(tmpdir(), 'cloud-cli-test-'));
const fakeBin = join(folder, 'bin');
const emptyBin = join(folder, 'empty');
const canned = join(folder, 'canned');
const log = join(folder, 'kubectl.log');
const applied = join(folder, 'applied.yaml');
const savedEnv = { ...process.env };

const FAKE_KUBECTL = `#!/bin/sh
# A stand-in for kubectl: records each call, keeps what is applied, copies canned reports.
printf '%s\\n' "$*" >> "$FAKE_KUBECTL_LOG"
case "$1" in
  apply) cat >> "$FAKE_KUBECTL_APPLIED"; printf -- '---\\n' >> "$FAKE_KUBECTL_APPLIED"; echo applied ;;
  wait) [ -n "$FAKE_KUBECTL_FAIL_WAIT" ] && { echo "error: timed out waiting for the condition" >&2; exit 1; }; echo "condition met" ;;
  cp) mkdir -p "$3"; cp -R "$FAKE_KUBECTL_CANNED"/. "$3"/ ;;
  delete) echo deleted ;;
  *) echo "unexpected kubectl $*" >&2; exit 1 ;;
esac
`;

beforeAll(async () => {
  mkdirSync(fakeBin);
  mkdirSync(emptyBin);
  writeFileSync(join(fakeBin, 'kubectl'), FAKE_KUBECTL);
  chmodSync(join(fakeBin, 'kubectl'), 0o755);
  // Two real shard reports of a 12-seed sweep, as the shard pods would leave on the volume.
  for (const shard of [0, 1]) {
    await sweepWith(runnerPath('stand-in'), {
      seeds: 12,
      shard: `${shard}/2`,
      ops: 20,
      workers: 1,
      traceDir: join(canned, 'traces'),
      report: [join(canned, `shard-${shard}.json`)],
    });
  }
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(log, { force: true });
  rmSync(applied, { force: true });
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function useFakeKubectl(extra: Record<string, string> = {}): void {
  process.env = {
    ...savedEnv,
    PATH: `${fakeBin}:${savedEnv.PATH ?? ''}`,
    FAKE_KUBECTL_LOG: log,
    FAKE_KUBECTL_APPLIED: applied,
    FAKE_KUBECTL_CANNED: canned,
    ...extra,
  };
}

const RUN = [
  'cloud',
  'run',
  '--shards',
  '2',
  '--seeds',
  '12',
  '--image',
  'img:1',
  '--namespace',
  'dst',
  '--timeout',
  '30m',
];

describe('vopr cloud render', () => {
  it('prints YAML documents a cluster can take, and nothing else', async () => {
    const run = await runCaptured(['cloud', 'render', '--shards', '3', '--seeds', '30', '--image', 'img:1']);
    expect(run.code).toBe(0);
    expect(run.err).toEqual([]);
    const docs = parseAllDocuments(run.out.join('\n')).map((doc) => doc.toJS() as { kind: string });
    expect(docs.map((doc) => doc.kind)).toEqual(['PersistentVolumeClaim', 'Job', 'Job']);
  });

  it('refuses a render without an image, with exit 2', async () => {
    const run = await runCaptured(['cloud', 'render', '--seeds', '30']);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/--image: required/);
  });
});

describe('vopr cloud run', () => {
  it('applies, waits, fetches through a pod, cleans up and merges, in that order', async () => {
    useFakeKubectl();
    const out = join(folder, 'fetched');
    const report = join(folder, 'merged.json');
    const run = await runCaptured([...RUN, '--out', out, '--report', report]);
    const name = 'vopr-0-12';
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'apply -f - --namespace dst',
      `wait --for=condition=complete job/${name}-sweep --timeout=1800s --namespace dst`,
      'apply -f - --namespace dst',
      `wait --for=condition=complete job/${name}-merge --timeout=1800s --namespace dst`,
      'apply -f - --namespace dst',
      `wait --for=condition=Ready pod/${name}-fetch --timeout=1800s --namespace dst`,
      `cp ${name}-fetch:/reports/${name} ${out} --namespace dst`,
      `delete pod ${name}-fetch --wait=false --namespace dst`,
    ]);
    const kinds = parseAllDocuments(readFileSync(applied, 'utf8'))
      .map((doc) => doc.toJS() as { kind?: string } | null)
      .filter((doc) => doc !== null)
      .map((doc) => doc.kind);
    expect(kinds).toEqual(['PersistentVolumeClaim', 'Job', 'Job', 'Pod']);
    const merged = JSON.parse(readFileSync(report, 'utf8')) as {
      totals: { seeds: number; passed: number; failed: number };
    };
    expect(merged.totals.seeds).toBe(12);
    expect(run.out).toContain(`report: ${report}`);
    expect(run.out.at(-1)).toBe(`${merged.totals.passed} passed, ${merged.totals.failed} failed`);
    expect(run.code).toBe(merged.totals.failed === 0 ? 0 : 1);
    expect(existsSync(join(out, 'shard-0.json'))).toBe(true);
  });

  it('stops at a failed wait with kubectl’s own words, creating no fetch pod', async () => {
    useFakeKubectl({ FAKE_KUBECTL_FAIL_WAIT: '1' });
    const run = await runCaptured([...RUN, '--out', join(folder, 'never')]);
    // A tool error, not an internal one: exit 3 and kubectl's words on one line.
    expect(run.code).toBe(EXIT_TOOL_ERROR);
    expect(run.err.at(-1)).toMatch(
      /^vopr: kubectl wait --for=condition=complete job\/vopr-0-12-sweep .* exited 1: error: timed out waiting for the condition$/,
    );
    expect(new KubectlError(['x'], { code: 1, stdout: '', stderr: '' })).toBeInstanceOf(ToolError);
    expect(readFileSync(log, 'utf8')).not.toContain('fetch');
  });

  it('says kubectl is missing and exits 2 when PATH has none', async () => {
    process.env = { ...savedEnv, PATH: emptyBin };
    const run = await runCaptured(RUN);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/kubectl is not on PATH/);
  });
});
