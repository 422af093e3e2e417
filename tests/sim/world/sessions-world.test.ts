/**
 * Worlds with connections: session scenarios are deterministic; a trace with blocked clients
 * and transactions is written, read back with its wake-ups, and replays to the same hash, on
 * redlite's sessions and on a started redlite-server (`--target server`, whose agreement with
 * direct runs tests/sim/world/server-target.test.ts judges); and worlds without session
 * patterns record no wake-ups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeed, runWorld } from '../../../sim/run.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';

const folder = mkdtempSync(join(tmpdir(), 'sessions-world-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const OPS = 200;

describe('session worlds', () => {
  it.each(['transactions', 'blocking'])(
    '%s: the same seed gives the same trace hash twice',
    (scenario) => {
      for (let seed = 0n; seed < 5n; seed++) {
        const first = runSeed({ seed, scenario, opsMax: OPS });
        const second = runSeed({ seed, scenario, opsMax: OPS });
        expect(first.result, first.failure?.message).toBe('pass');
        expect(second.trace_hash).toBe(first.trace_hash);
      }
    },
    120_000,
  );

  it('writes a blocking trace with its wake-ups, and replays it to the same hash, on both targets', () => {
    for (const target of ['direct', 'server'] as const) {
      const path = join(folder, `blocking-${target}.trace.jsonl`);
      // A server takes no crash faults (sim/config/server-faults.ts): its world drops connections only.
      const faults = target === 'server' ? { faults: 'connection-drop' } : {};
      const run = runWorld({
        seed: 3n,
        scenario: 'blocking',
        opsMax: OPS,
        target,
        tracePath: path,
        ...faults,
      });
      const trace = loadTrace(path);
      const wakeups = trace.events.flatMap((traced) => traced.woken ?? []);
      expect(wakeups.length).toBeGreaterThan(0);
      expect(
        trace.events.some(
          (traced) => traced.event.kind === 'timer' && traced.event.timer === 'block-timeout',
        ),
      ).toBe(true);
      const replay = replayTrace(trace);
      expect(replay.verdict, replay.summary).toBe('reproduced');
      expect(replay.traceHash).toBe(run.result.trace_hash);
    }
  });

  it('records no wake-ups and no session config in a world without session patterns', () => {
    const run = runWorld({ seed: 7n, scenario: 'kv', opsMax: OPS });
    expect(run.config.sessions).toBeUndefined();
    expect(run.execution.recorder.events.every((traced) => traced.woken === undefined)).toBe(true);
  });
});
