/**
 * The sweep's own temporary folder, its claim on report files, and how many workers it starts:
 * stale folders of dead sweeps are removed and a live sweep's never are; a worker that leaves
 * world folders behind and dies has them removed while the sweep goes on; a second sweep may
 * not write a report another live sweep is writing; workers are capped at the seeds and the
 * cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ReportBusyError, ReportClaim } from '../../../sim/sweep/ReportClaim.ts';
import { workersToStart } from '../../../sim/sweep/run-sweep.ts';
import { processAlive, removeStaleSweepFolders, SweepFolder } from '../../../sim/sweep/SweepFolder.ts';
import { sweepWith, tempDir } from '../../support/sweep-harness.ts';
import { LEAK_RECORD_ENV, LEAKING_SEED } from './leaking-runner.ts';

/** The pid of a process that has exited: a short-lived child's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(child.stdout));
}

describe('the sweep folder', () => {
  it('removes the folders of sweeps whose owner is gone, and no other', () => {
    const base = tempDir('folders');
    const mine = new SweepFolder(base);
    const dead = deadPid();
    expect(processAlive(dead)).toBe(false);
    const stale = join(base, `vopr-sweep-${dead}-abc123`);
    mkdirSync(join(stale, 'worker-0', 'redlite-dst-x'), { recursive: true });
    writeFileSync(join(stale, 'owner.json'), JSON.stringify({ pid: dead }));
    const noMarker = join(base, `vopr-sweep-${dead}-def456`);
    mkdirSync(noMarker);
    const live = join(base, `vopr-sweep-${process.ppid}-ghi789`);
    mkdirSync(live);
    writeFileSync(join(live, 'owner.json'), JSON.stringify({ pid: process.ppid }));
    const unrelated = join(base, 'vopr-7-xyz');
    mkdirSync(unrelated);

    expect(removeStaleSweepFolders(base).sort()).toEqual([stale, noMarker].sort());
    expect(existsSync(mine.root)).toBe(true);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    expect(JSON.parse(readFileSync(join(mine.root, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    // A marker naming a live owner wins over a dead pid in the name.
    const reused = join(base, `vopr-sweep-${dead}-jkl012`);
    mkdirSync(reused);
    writeFileSync(join(reused, 'owner.json'), JSON.stringify({ pid: process.ppid }));
    expect(removeStaleSweepFolders(base)).toEqual([]);
    mine.remove();
    expect(existsSync(mine.root)).toBe(false);
  });

  it("removes a dead worker's world folders at once, while the sweep goes on", async () => {
    const dir = tempDir('leaks');
    const record = join(dir, 'leaked.txt');
    process.env[LEAK_RECORD_ENV] = record;
    const goneAtDeath: boolean[] = [];
    try {
      const run = await sweepWith(
        fileURLToPath(new URL('./leaking-runner.ts', import.meta.url)),
        { seeds: 8, ops: 20, workers: 1, traceDir: join(dir, 'traces') },
        {},
        {},
        (outcome) => {
          if (outcome.failure?.kind === 'worker-died') {
            const leaked = readFileSync(record, 'utf8').trim();
            goneAtDeath.push(leaked !== '' && !existsSync(leaked));
          }
        },
      );
      expect(run.report.failures.filter((f) => f.kind === 'worker-died').map((f) => f.seed)).toEqual([
        String(LEAKING_SEED),
      ]);
      expect(run.report.totals.seeds).toBe(8);
    } finally {
      delete process.env[LEAK_RECORD_ENV];
    }
    const leaked = readFileSync(record, 'utf8').trim();
    expect(leaked).toMatch(/\/vopr-sweep-\d+-\w+\/worker-0\/vopr-leak-/);
    // Gone when the death was recorded, before the seeds after it ran.
    expect(goneAtDeath).toEqual([true]);
  });
});

describe('report claims', () => {
  it('refuses a report a live sweep is writing, takes over a dead one, and releases', () => {
    const dir = tempDir('claims');
    const path = join(dir, 'nightly.json');
    writeFileSync(`${path}.lock`, `${process.ppid}\n`);
    expect(() => new ReportClaim([path])).toThrow(ReportBusyError);
    expect(() => new ReportClaim([path])).toThrow(
      `--report ${path}: another sweep (pid ${process.ppid}) is writing this report; give this sweep another file name`,
    );
    writeFileSync(`${path}.lock`, `${deadPid()}\n`);
    const other = join(dir, 'nightly.html');
    const claim = new ReportClaim([other, path]);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    claim.release();
    expect(readdirSync(dir)).toEqual([]);
    // A refused claim leaves none of its own locks behind.
    writeFileSync(`${path}.lock`, `${process.ppid}\n`);
    expect(() => new ReportClaim([other, path])).toThrow(ReportBusyError);
    expect(existsSync(`${other}.lock`)).toBe(false);
  });
});

describe('worker count', () => {
  it('caps workers at the seeds and at the cores', () => {
    expect(workersToStart(1000, 4, 2)).toBe(2);
    expect(workersToStart(1000, 4, 64)).toBe(4);
    expect(workersToStart(3, null, 8)).toBe(3);
    expect(workersToStart(8, null, 2)).toBe(2);
    expect(workersToStart(2, 1, 8)).toBe(1);
  });
});
