/**
 * A burst of concurrent reads (the audit after a restart reads every key at once) costs the
 * search one path, not one cache entry per subset of the reads: a read that fits is taken at
 * once (search.ts, forced frames). The verdicts stay exact: a violation after the burst is still
 * found, with and without deadlines in the partition, and a burst whose reads need the writes
 * around them in one order only is still linearized.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../sim/linearizability/index.ts';
import { history, type OpRow } from './histories.ts';

const READS = 24;
/** Far below 2^READS: the search must not enumerate subsets of the burst. */
const LIMITS = { statesMax: 5000 };

function burst(reply: readonly string[], command = 'MGET x y'): OpRow[] {
  return Array.from({ length: READS }, (_, i): OpRow => [10 + i, 10, 12, command, reply]);
}

describe('a burst of concurrent reads', () => {
  it('is linearized in one pass when it fits', () => {
    const rows: OpRow[] = [[0, 0, 1, 'SET x 1', '+OK'], ...burst(['$1', 'nil']), [1, 20, 21, 'GET x', '$1']];
    const report = checkHistory(history(rows), { limits: LIMITS });
    expect(report.verdict).toBe('linearizable');
    expect(report.partitions[0]?.statesExplored).toBeLessThan(100);
  });

  it('still finds a violation after it, where every subset of the burst would have been tried', () => {
    const rows: OpRow[] = [[0, 0, 1, 'SET x 1', '+OK'], ...burst(['$1', 'nil']), [1, 20, 21, 'GET x', 'nil']];
    expect(checkHistory(history(rows), { limits: LIMITS }).verdict).toBe('not-linearizable');
  });

  it('still finds it with deadlines in the partition (time matters there)', () => {
    const rows: OpRow[] = [
      [0, 0, 1, 'SET x 1 EX 100', '+OK'],
      ...burst(['$1', 'nil']),
      [1, 20, 21, 'GET x', 'nil'],
    ];
    expect(checkHistory(history(rows), { limits: LIMITS }).verdict).toBe('not-linearizable');
  });

  it('places a write concurrent with the burst between the reads that saw it and those that did not', () => {
    const rows: OpRow[] = [
      [0, 0, 1, 'SET x 1', '+OK'],
      [1, 9, 13, 'SET y 2', '+OK'],
      ...burst(['$1', 'nil']).slice(0, READS / 2),
      ...burst(['$1', '$2']).slice(READS / 2),
    ];
    expect(checkHistory(history(rows), { limits: LIMITS }).verdict).toBe('linearizable');
  });
});
