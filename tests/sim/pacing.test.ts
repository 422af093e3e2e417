/**
 * Pacing (sim/pacing.ts) in process: a paced world is the same world as a straight one, a stop
 * reason ends it at the next pause with what it ran (trace outcome `interrupted`, folder
 * removed), shrink and bisect made of many runs stop too (shrink keeping the smallest failing
 * list so far), a tail-only recorder stays bounded while the streamed trace is whole, and a run
 * that runs out of virtual time says it is incomplete. Signals sent to real processes are in
 * tests/e2e/cli-signals.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveTempFolders } from '../../faults/index.ts';
import { incompleteLine, summaryLine } from '../../sim/cli/print-result.ts';
import { EVENTS_PER_PAUSE, TAIL_EVENTS } from '../../sim/execute-events.ts';
import { finishNow, finishPaced, type Pacer, RunInterruptedError, UNPACED } from '../../sim/pacing.ts';
import { runWorld, runWorldPaced } from '../../sim/run.ts';
import { TailOnlyRecorderError } from '../../sim/trace/TraceRecorder.ts';
import { parseTrace } from '../../sim/trace/trace-file.ts';
import { bisectSteps } from '../../sim/trace-tools/bisect.ts';
import { ShrinkBudget } from '../../sim/trace-tools/budget.ts';
import { executeTraceEvents } from '../../sim/trace-tools/execute-trace.ts';
import { loadTrace } from '../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../sim/trace-tools/replay.ts';
import { shrinkTraceSteps } from '../../sim/trace-tools/shrink-trace.ts';

const folder = mkdtempSync(join(tmpdir(), 'pacing-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A pacer that asks to stop from its `pausesBefore`-th pause on, and counts its runs. */
function stoppingPacer(
  pausesBefore: number,
  reason = 'SIGINT',
): Pacer & { pauses: number; begun: number; ended: number } {
  const pacer = {
    pauses: 0,
    begun: 0,
    ended: 0,
    begin: () => {
      pacer.begun++;
    },
    end: () => {
      pacer.ended++;
    },
    turn: () => null,
    stopReason: () => (++pacer.pauses > pausesBefore ? reason : null),
  };
  return pacer;
}

/** A world that fails wal_durability: redlite's default synchronous=normal loses writes. */
const finding = {
  seed: 2n,
  scenario: 'power-loss',
  opsMax: 1000,
  durability: 'normal',
  strictDurability: true,
} as const;

describe('a paced world', () => {
  it('is the same world as a straight one: same trace hash, with and without faults', async () => {
    for (const options of [{ seed: 42n }, { seed: 7n, scenario: 'hostile' }]) {
      const straight = runWorld(options).result;
      const paced = (await runWorldPaced(options, UNPACED)).result;
      expect(paced.trace_hash).toBe(straight.trace_hash);
      expect(paced.complete).toBe(straight.complete);
      expect(paced.stopped_by).toBe(straight.stopped_by);
      // A halted world (redlite refusing a rotted file) is complete neither way; no signal here.
      expect(paced.stopped_by === null || paced.stopped_by === 'halted').toBe(true);
    }
  });

  it('tells the pacer when it begins and ends', async () => {
    const pacer = stoppingPacer(Number.POSITIVE_INFINITY);
    await runWorldPaced({ seed: 3n, opsMax: 50 }, pacer);
    expect([pacer.begun, pacer.ended]).toEqual([1, 1]);
    expect(pacer.pauses).toBeGreaterThan(1);
  });

  it('stops at the next pause when asked, writes the trace so far and removes its folder', async () => {
    const tracePath = join(folder, 'stopped.trace.jsonl');
    const run = await runWorldPaced(
      { seed: 5n, scenario: 'crash', opsMax: 30_000, tracePath },
      stoppingPacer(10, 'SIGTERM'),
    );
    expect(run.execution.stoppedBy).toBe('SIGTERM');
    expect(run.result.events).toBe(10 * EVENTS_PER_PAUSE);
    expect(run.result).toMatchObject({ result: 'pass', complete: false, stopped_by: 'SIGTERM' });
    expect(run.result.ops_asked).toBeGreaterThan(30_000);
    expect(run.execution.keptFolder).toBeNull();
    expect(liveTempFolders()).toEqual([]);
    const trace = loadTrace(tracePath);
    expect(trace.events).toHaveLength(run.result.events);
    expect(trace.outcome).toMatchObject({ outcome: 'interrupted', complete: false, stopped_by: 'SIGTERM' });
    // The events it ran replay like any other trace, and the summary says the recording was cut.
    expect(replayTrace(trace).summary).toMatch(
      /^reproduced: passed.*interrupted by SIGTERM after 320 events/,
    );
  });

  it("stops inside a several-process world's final linearizability check, with no verdict", async () => {
    // The known PTTL finding (README, several processes): a search of several pauses that fails.
    const options = { seed: 1n, processes: 4, opsMax: 400 };
    const straight = runWorld(options).result;
    expect(straight.failure?.invariant).toBe('linearizable');
    const counting = stoppingPacer(Number.POSITIVE_INFINITY);
    await runWorldPaced(options, counting);
    // The last pauses are the search's: stopping at the second to last stops it mid-search.
    const run = await runWorldPaced(options, stoppingPacer(counting.pauses - 2));
    expect(run.execution.stoppedBy).toBe('SIGINT');
    expect(run.result.failure).toBeNull();
    expect(run.result.events).toBe(straight.events);
    expect(run.result.ops).toBe(run.result.ops_asked);
    expect(run.result).toMatchObject({ complete: false, stopped_by: 'SIGINT' });
    expect(incompleteLine(run.result, run.config.virtualMsMax)).toBe(
      `interrupted by SIGINT after all ${run.result.ops} ops asked, before the final check finished; ` +
        'no failure in the ops that ran',
    );
    expect(run.execution.keptFolder).toBeNull();
    expect(liveTempFolders()).toEqual([]);
  });

  it('straight, it never stops: finishNow sends no stop reason', () => {
    const run = runWorld({ seed: 5n, opsMax: 200 });
    expect(run.execution.stoppedBy).toBeNull();
    expect(run.result.complete).toBe(true);
  });
});

describe('computations made of many runs', () => {
  const failing = runWorld({ ...finding });
  const events = failing.execution.recorder.events.map((entry) => entry.event);

  it('a stopped shrink returns the smallest failing list found so far, which still fails', async () => {
    const budget = new ShrinkBudget({ runsMax: 5000, wallMsMax: Number.POSITIVE_INFINITY }, () => 0);
    // The first run of the 1119 events makes 36 pauses; 120 is a few oracle runs further.
    const result = await finishPaced(shrinkTraceSteps(failing.config, events, budget), stoppingPacer(120));
    expect(result.interruptedBy).toBe('SIGINT');
    expect(result.original.invariant).toBe('wal_durability');
    expect(result.outcome.events.length).toBeLessThan(events.length);
    expect(result.minimized.failure?.invariant).toBe('wal_durability');
    const again = executeTraceEvents(failing.config, result.outcome.events);
    expect(again.failure?.invariant).toBe('wal_durability');
  });

  it('a stopped bisect throws RunInterruptedError', async () => {
    await expect(
      finishPaced(bisectSteps(failing.config, failing.execution.recorder.events), stoppingPacer(50)),
    ).rejects.toBeInstanceOf(RunInterruptedError);
  });

  it('straight, bisect names the writes and keys the power loss lost', () => {
    const result = finishNow(bisectSteps(failing.config, failing.execution.recorder.events));
    expect(result.failure.invariant).toBe('wal_durability');
    // The checker's own count: 12 of the 14 writes since the last checkpoint (the first 2 survive).
    expect(result.failure.message).toContain('12 of 14 acknowledged write(s)');
    expect(result.lost?.writes).toHaveLength(12);
    expect(result.lost?.keys.length).toBeGreaterThan(0);
    const failingIndex = result.failure.event_index;
    expect(result.lost?.writes.every((write) => write.index < failingIndex)).toBe(true);
  });
});

describe('memory and completeness of long runs', () => {
  it('a tail-only recorder keeps a bounded tail while the streamed trace holds every event', () => {
    const tracePath = join(folder, 'streamed.trace.jsonl');
    const tail = runWorld({ seed: 11n, opsMax: 2000, tailOnly: true, tracePath });
    expect(tail.execution.recorder.events.length).toBeLessThanOrEqual(2 * TAIL_EVENTS);
    expect(tail.execution.recorder.tail(TAIL_EVENTS)).toHaveLength(TAIL_EVENTS);
    expect(() => tail.execution.recorder.eventLines()).toThrow(TailOnlyRecorderError);
    const whole = runWorld({ seed: 11n, opsMax: 2000 });
    const parsed = parseTrace(readFileSync(tracePath, 'utf8'));
    expect(parsed.events).toHaveLength(whole.result.events);
    expect(parsed.outcome?.trace_hash).toBe(whole.result.trace_hash);
    expect(tail.result.trace_hash).toBe(whole.result.trace_hash);
  });

  it('a run that runs out of virtual time is incomplete, not a plain pass', () => {
    const tracePath = join(folder, 'short.trace.jsonl');
    const run = runWorld({ seed: 1n, opsMax: 5000, knobs: { virtualMsMax: 2000 }, tracePath });
    const result = run.result;
    expect(result).toMatchObject({
      result: 'pass',
      complete: false,
      stopped_by: 'virtualMsMax',
      ops_asked: 5000,
    });
    expect(result.ops).toBeLessThan(5000);
    expect(summaryLine(result)).toMatch(/^INCOMPLETE {2}/);
    expect(incompleteLine(result, run.config.virtualMsMax)).toMatch(
      /virtualMsMax, 2\.0s\) ran out after \d+ of the 5000 ops asked; .*not a pass/,
    );
    expect(loadTrace(tracePath).outcome).toMatchObject({
      outcome: 'pass',
      complete: false,
      stopped_by: 'virtualMsMax',
    });
    expect(summaryLine(runWorld({ seed: 1n, opsMax: 50 }).result)).toMatch(/^PASS {2}/);
  });
});

describe('folders', () => {
  it('no world folder of this process outlives its run', () => {
    const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const mine = readdirSync(shm).filter((name) => name.startsWith(`vopr-world-${process.pid}-s424242-`));
    runWorld({ seed: 424242n, opsMax: 20 });
    expect(readdirSync(shm).filter((name) => name.startsWith(`vopr-world-${process.pid}-s424242-`))).toEqual(
      mine,
    );
  });
});
