/**
 * `--target server`: worlds run against a started bin/redlite-server, over TCP, in virtual
 * time. Seeds of plain, expiry, transaction and blocking scenarios pass on it and give exactly
 * the events, replies and wake-ups of the same seeds run directly on redlite's sessions: the
 * protocol layer and the process boundary add no divergence. The trace hashes differ only by
 * the config line (`target: server`), so the server's events hashed under the direct run's
 * config give the direct run's hash. The same seed twice on the server gives one hash. The
 * target's own calls (a state read in another database, active expiry at the world's time, the
 * storage audit with its key names) answer as redlite in process would, and closing it ends
 * the server process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorld } from '../../../sim/run.ts';
import { eventLine } from '../../../sim/trace/format.ts';
import { hashTrace } from '../../../sim/trace/TraceRecorder.ts';
import { ServerTarget } from '../../../sim/world/server/ServerTarget.ts';

const OPS = 200;

/** Session scenarios inject crashes by default, which a server cannot take: connections drop instead. */
const WORLDS: { scenario: string; seeds: bigint[]; faults?: string }[] = [
  { scenario: 'kv', seeds: [1n, 2n] },
  { scenario: 'mixed', seeds: [1n, 2n, 3n] },
  { scenario: 'expiry', seeds: [1n, 2n] },
  { scenario: 'transactions', seeds: [1n, 2n, 3n], faults: 'connection-drop' },
  { scenario: 'blocking', seeds: [1n, 2n, 3n], faults: 'connection-drop' },
];

function lines(run: ReturnType<typeof runWorld>): string[] {
  return run.execution.recorder.events.map((traced) => eventLine(traced.event, traced.reply, traced.woken));
}

describe('--target server', () => {
  it.each(WORLDS)(
    '$scenario: seeds $seeds pass and match --target direct event for event',
    ({ scenario, seeds, faults }) => {
      let woken = 0;
      let execs = 0;
      let drops = 0;
      for (const seed of seeds) {
        const options = { seed, scenario, opsMax: OPS, ...(faults === undefined ? {} : { faults }) };
        const direct = runWorld(options);
        const server = runWorld({ ...options, target: 'server' });
        expect(server.config.target).toBe('server');
        expect(direct.result.result, `direct seed ${seed}: ${direct.result.failure?.message}`).toBe('pass');
        expect(server.result.result, `server seed ${seed}: ${server.result.failure?.message}`).toBe('pass');
        expect(lines(server)).toEqual(lines(direct));
        expect(server.result.trace_hash).not.toBe(direct.result.trace_hash);
        expect(hashTrace(direct.config, server.execution.recorder.events)).toBe(direct.result.trace_hash);
        for (const traced of server.execution.recorder.events) {
          woken += traced.woken?.length ?? 0;
          if (traced.event.kind === 'op' && traced.event.argv[0] === 'EXEC') execs++;
          if (traced.event.kind === 'fault' && traced.event.fault === 'connection-drop') drops++;
        }
      }
      // The comparison covered what each scenario is for, not only plain commands.
      if (scenario === 'transactions') expect(execs).toBeGreaterThan(0);
      if (scenario === 'blocking') expect(woken).toBeGreaterThan(0);
      if (faults !== undefined) expect(drops).toBeGreaterThan(0);
    },
    300_000,
  );

  it('gives the same trace hash twice for one seed', () => {
    const options = {
      seed: 4n,
      scenario: 'blocking',
      opsMax: OPS,
      faults: 'connection-drop',
      target: 'server',
    };
    const first = runWorld(options);
    const second = runWorld(options);
    expect(first.result.result, first.result.failure?.message).toBe('pass');
    expect(second.result.trace_hash).toBe(first.result.trace_hash);
    expect(lines(second)).toEqual(lines(first));
  }, 120_000);
});

describe('ServerTarget', () => {
  it('reads other databases, expires at the world clock, audits with key names, and stops its process', () => {
    const folder = mkdtempSync(join(tmpdir(), 'server-target-'));
    let nowMs = 1_000_000;
    const target = ServerTarget.start(join(folder, 'redlite.db'), {
      clock: { now: () => nowMs },
      synchronous: 'normal',
      walCheckpointPages: 16,
    });
    try {
      expect(target.exec(['SET', 'doomed', 'x', 'PX', '10'])).toEqual({ type: 'simple', value: 'OK' });
      expect(target.exec(['SET', 'kept', 'y'], 3)).toEqual({ type: 'simple', value: 'OK' });
      expect(target.exec(['DBSIZE'])).toEqual({ type: 'integer', value: 1 });
      expect(target.expireCycle(10)).toBe(0);
      nowMs += 11;
      expect(target.expireCycle(10)).toBe(1);
      target.checkpoint();
      const report = target.audit({ integrity: 'full' });
      expect(report.problems).toEqual([]);
      expect(report.keys.map((key) => [key.db, Buffer.isBuffer(key.key), key.key.toString()])).toEqual([
        [3, true, 'kept'],
      ]);
    } finally {
      target.close();
      rmSync(folder, { recursive: true, force: true });
    }
    expect(() => process.kill(target.pid, 0)).toThrow(/ESRCH/);
  }, 60_000);
});
