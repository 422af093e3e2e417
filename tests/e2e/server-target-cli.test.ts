/**
 * `vopr --target server` as a user runs it: a fault kind a server process cannot take is
 * refused up front in one line (exit 2); and whatever way a run ends (a pass, a failure, a
 * SIGINT, even a SIGKILL of vopr itself), no redlite-server it started is left running, and,
 * except after the SIGKILL, no world folder is left. Each run gets a temporary base folder of
 * its own (VOPR_TEMP_DIR), so a server is found by that path on its command line, whatever
 * else runs on the machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLANTED_BUG_ENV, STALE_GET } from '../../redlite/server/planted-stale-gets.ts';
import { runVopr } from '../support/vopr-child.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function baseFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'server-target-'));
  folders.push(folder);
  return folder;
}

/** Pids of processes whose command line names `base` (the servers a run started there). */
function serversIn(base: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('redlite-server') && cmdline.includes(base)) pids.push(Number(entry));
  }
  return pids;
}

/** Waits up to `ms` for the servers under `base` to be gone; returns those still there. */
async function serversAfter(base: string, ms: number): Promise<number[]> {
  for (let waitedMs = 0; waitedMs < ms; waitedMs += 50) {
    if (serversIn(base).length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return serversIn(base);
}

const RUN = ['--target', 'server', '--log-level', 'info'];

describe('vopr --target server', () => {
  it.each([
    [['--scenario', 'blocking'], /cannot inject crash \(scenario blocking's faults\)/],
    [
      ['--scenario', 'kv', '--faults', 'power-loss,memory-pressure'],
      /cannot inject power-loss, memory-pressure/,
    ],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    const base = baseFolder();
    const result = await runVopr(['--seed', '1', '--target', 'server', ...args], {
      env: { VOPR_TEMP_DIR: base },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/--faults connection-drop, slow-disk or none/);
    expect(readdirSync(base)).toEqual([]);
  });

  /** Runs a kv world on the server to its verdict, then checks that nothing of it is left. */
  async function leavesNothing(
    seedAndOps: string[],
    env: Record<string, string>,
    verdict: { code: number; line: RegExp },
  ): Promise<void> {
    const base = baseFolder();
    const result = await runVopr(['--seed', ...seedAndOps, '--scenario', 'kv', ...RUN], {
      env: { VOPR_TEMP_DIR: base, ...env },
    });
    expect(result.code, result.stderr).toBe(verdict.code);
    expect(result.stdout).toMatch(verdict.line);
    expect(await serversAfter(base, 2000)).toEqual([]);
    expect(readdirSync(base)).toEqual([]);
  }

  it('a pass leaves no server and no folder', async () => {
    await leavesNothing(['2', '--ops', '100'], {}, { code: 0, line: /^PASS /m });
  });

  it('a failure (a server that serves stale GETs) leaves no server and no folder', async () => {
    await leavesNothing(
      ['3', '--ops', '400'],
      { [PLANTED_BUG_ENV]: STALE_GET },
      { code: 1, line: /^FAIL /m },
    );
  });

  it('SIGINT mid-run: exit 130, no server and no folder', async () => {
    const base = baseFolder();
    const result = await runVopr(['--seed', '4', '--scenario', 'mixed', '--ops', '1000000', ...RUN], {
      env: { VOPR_TEMP_DIR: base },
      signal: 'SIGINT',
      when: () => serversIn(base).length > 0 && readdirSync(base).length > 0,
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^vopr: interrupted by SIGINT; /m);
    expect(await serversAfter(base, 2000)).toEqual([]);
    expect(readdirSync(base)).toEqual([]);
  });

  it('SIGKILL of vopr: its server exits on its own (its stdin closed)', async () => {
    const base = baseFolder();
    const result = await runVopr(['--seed', '5', '--scenario', 'mixed', '--ops', '1000000', ...RUN], {
      env: { VOPR_TEMP_DIR: base },
      signal: 'SIGKILL',
      when: () => serversIn(base).length > 0,
    });
    expect(result.signal).toBe('SIGKILL');
    expect(await serversAfter(base, 10_000)).toEqual([]);
  });
});
