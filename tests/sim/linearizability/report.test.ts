/**
 * The failure report: the longest linearizable prefix, the operation that could not be placed
 * with the replies the model would have given, the other operations that could have come next,
 * and the time line as text and as data; the JSON form carries the same.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, reportJson, reportLines, timelineLines } from '../../../sim/linearizability/index.ts';
import { history } from './histories.ts';

// A stale read: #2 sees "1" after SET x 2 returned. The search gets furthest by placing #3
// too (x is then 3), and the pending write to y is a partition of its own.
const STALE = history([
  [0, 0, 1, 'SET x 1', '+OK'],
  [0, 2, 3, 'SET x 2', '+OK'],
  [1, 4, 6, 'GET x', '$1'],
  [2, 5, 9, 'SET x 3', '+OK'],
  [3, 0, null, 'SET y 1'],
]);

describe('the failure report', () => {
  const report = checkHistory(STALE);

  it('names the longest linearizable prefix and the operation that could not follow it', () => {
    expect(report.verdict).toBe('not-linearizable');
    const failure = report.failure;
    expect(failure?.longestPrefix.map((step) => step.op.id)).toEqual([0, 1, 3]);
    expect(failure?.longestPrefix.map((step) => step.atMs)).toEqual([0, 2, 5]);
    expect(failure?.blocked.id).toBe(2);
  });

  it('lists what the model would have answered the blocked operation, and who else could go next', () => {
    const [blocked, ...others] = report.failure?.candidates ?? [];
    expect(blocked?.op.id).toBe(2);
    expect(blocked?.tried.map((tried) => [tried.atMs, tried.reply, tried.matches])).toEqual([
      [5, { type: 'bulk', value: Buffer.from('3') }, false],
    ]);
    expect(others).toEqual([]);
    // Two reads that fit neither order: the first to return is blocked, the other could come next.
    const neither = checkHistory(
      history([
        [0, 0, 1, 'SET x 1', '+OK'],
        [1, 2, 6, 'GET x', '$2'],
        [2, 3, 8, 'GET x', '$3'],
      ]),
    );
    expect(
      neither.failure?.candidates.map((candidate) => [candidate.op.id, candidate.tried[0]?.matches]),
    ).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(reportLines(neither).join('\n')).toContain('operations that could have come next instead:');
  });

  it('prints the verdict, the prefix, the blocked operation and a time line with a row per process', () => {
    const lines = reportLines(report);
    expect(lines[0]).toMatch(/^NOT linearizable: 5 operations in 2 partitions/);
    const text = lines.join('\n');
    expect(text).toContain('smallest failing partition 0 (keys x; 4 operations)');
    expect(text).toContain('longest linearizable prefix: 3 of 4 operations');
    expect(text).toContain('#2 (p1, 4..6 ms) GET x, which replied "1" could not be placed');
    expect(text).toContain('at 5 ms: "3"');
    expect(text).toContain('#3 p2 [5..9] SET x 3 -> OK   (linearized at 5)');
    const rows = lines.filter((line) => /^ {2}p\d+ +\|/.test(line));
    expect(rows.map((line) => line.trim().split(' ')[0])).toEqual(['p0', 'p1', 'p2']);
    expect(rows[1]).toContain('[#2!');
    expect(text).toContain('<- could not be placed');
  });

  it('gives the time line as data for the HTML report', () => {
    const timeline = report.timeline;
    expect(timeline?.startMs).toBe(0);
    expect(timeline?.endMs).toBe(9);
    expect(timeline?.bars.map((bar) => [bar.id, bar.process, bar.role])).toEqual([
      [0, 0, 'prefix'],
      [1, 0, 'prefix'],
      [2, 1, 'blocked'],
      [3, 2, 'prefix'],
    ]);
    expect(timelineLines(timeline as NonNullable<typeof timeline>).length).toBeGreaterThan(3);
  });

  it('gives the same facts as JSON', () => {
    const json = JSON.parse(JSON.stringify(reportJson(report)));
    expect(json.verdict).toBe('not-linearizable');
    expect(json.failure.longest_prefix).toEqual([
      { id: 0, at_ms: 0 },
      { id: 1, at_ms: 2 },
      { id: 3, at_ms: 5 },
    ]);
    expect(json.failure.blocked).toBe(2);
    expect(json.failure.candidates[0].tried[0]).toEqual({ at_ms: 5, reply: { $: '3' }, matches: false });
    expect(json.timeline.bars).toHaveLength(4);
  });

  it('says what was left undecided, and why, for unknown', () => {
    const undecided = checkHistory(STALE, { limits: { stepsMax: 1 } });
    const lines = reportLines(undecided);
    expect(lines[0]).toMatch(/^UNKNOWN \(could not decide\): 1 of 2 partitions undecided/);
    expect(lines.join('\n')).toContain('stepsMax');
    expect(reportJson(undecided).undecided).toEqual([
      { partition: 0, keys: ['x'], ops: 4, reason: 'budget exhausted: stepsMax spent (1 model steps)' },
    ]);
  });

  it('says a linearizable history is linearizable in one line', () => {
    expect(reportLines(checkHistory(history([[0, 0, 1, 'SET x 1', '+OK']])))).toEqual([
      'linearizable: 1 operation in 1 partition; 1 model step, 1 state',
    ]);
  });
});
