/**
 * Worlds with connections: session scenarios are deterministic; the same seeds give the same
 * events, replies and wake-ups through redlite's RESP connection code (`--target server`) as
 * through its sessions directly (the protocol layer adds no divergence); a trace with
 * blocked clients and transactions is written, read back with its wake-ups, and replays to the
 * same hash; and worlds without session patterns record no wake-ups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeed, runWorld } from '../../../sim/run.ts';
import { eventLine } from '../../../sim/trace/format.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';

const folder = mkdtempSync(join(tmpdir(), 'sessions-world-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SAME_SEEDS = 50;
const OPS = 200;

function lines(run: ReturnType<typeof runWorld>): string[] {
  return run.execution.recorder.events.map((traced) => eventLine(traced.event, traced.reply, traced.woken));
}

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

  it(`${SAME_SEEDS} seeds of mixed give the same events and replies with --target server as direct`, () => {
    let woken = 0;
    let execs = 0;
    for (let seed = 0n; seed < BigInt(SAME_SEEDS); seed++) {
      const direct = runWorld({ seed, scenario: 'mixed', opsMax: OPS });
      const server = runWorld({ seed, scenario: 'mixed', opsMax: OPS, target: 'server' });
      expect(server.config.target).toBe('server');
      expect(direct.config.target).toBeUndefined();
      expect(server.result.result, `seed ${seed}: ${server.result.failure?.message}`).toBe(
        direct.result.result,
      );
      expect(lines(server)).toEqual(lines(direct));
      for (const traced of direct.execution.recorder.events) {
        woken += traced.woken?.length ?? 0;
        if (traced.event.kind === 'op' && traced.event.argv[0] === 'EXEC') execs++;
      }
    }
    // The comparison covered transactions and blocked clients, not only plain commands.
    expect(execs).toBeGreaterThan(0);
    expect(woken).toBeGreaterThan(0);
  }, 300_000);

  it('writes a blocking trace with its wake-ups, and replays it to the same hash, on both targets', () => {
    for (const target of ['direct', 'server'] as const) {
      const path = join(folder, `blocking-${target}.trace.jsonl`);
      const run = runWorld({ seed: 3n, scenario: 'blocking', opsMax: OPS, target, tracePath: path });
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
