import { describe, expect, it } from 'vitest';
import type { Arg } from '../../redlite/reply.ts';
import { failureReportLines, summaryLine } from '../../sim/cli/print-result.ts';
import { runWorld } from '../../sim/run.ts';
import { defaultTargetFactory } from '../../sim/world/defaults.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

/** Answers every GET of an existing key with one byte too many. */
const getGrowsByte: TargetFactory = (path, options) => {
  const inner = defaultTargetFactory(path, options);
  return {
    exec: (argv: Arg[]) => {
      const reply = inner.exec(argv);
      if (String(argv[0]).toUpperCase() === 'GET' && reply.type === 'bulk' && reply.value !== null) {
        return { type: 'bulk', value: Buffer.concat([reply.value, Buffer.from('!')]) };
      }
      return reply;
    },
    expireCycle: (limit) => inner.expireCycle(limit),
    close: () => inner.close(),
  };
};

describe('the human failure report', () => {
  let found: ReturnType<typeof runWorld> | null = null;
  for (let seed = 1n; seed <= 20n && found === null; seed++) {
    const run = runWorld({ seed, scenario: 'kv', opsMax: 400, targetFactory: getGrowsByte });
    if (run.result.failure !== null) found = run;
  }

  it('names the invariant, the op, expected and actual replies, the last events and the replay command', () => {
    expect(found).not.toBeNull();
    const run = found as NonNullable<typeof found>;
    const lines = failureReportLines(run.result, run.execution.recorder.tail(20), run.config.epochMs);
    const text = lines.join('\n');
    expect(lines[0]).toBe(`invariant set_get_roundtrip broken at event ${run.result.failure?.event_index}`);
    expect(text).toMatch(/\n {2}op: {7}GET k:\d+/);
    expect(text).toMatch(/\n {2}expected: "/);
    expect(text).toMatch(/\n {2}actual: {3}"/);
    // Long values print cut short, so the message says where the bytes part.
    expect(run.result.failure?.message).toMatch(/first difference at byte \d+$/);
    const eventLines = lines.filter((line) => /^ {2}#\d+ \+\d+ms /.test(line));
    expect(eventLines.length).toBe(Math.min(20, run.result.events));
    expect(eventLines.at(-1)).toContain(`#${run.result.failure?.event_index} `);
    expect(lines.at(-1)).toBe(`replay: bin/vopr run --seed ${run.result.seed} --scenario kv --ops 400`);
    expect(summaryLine(run.result)).toMatch(/^FAIL {2}/);
  });
});
