import { describe, expect, it } from 'vitest';
import { runSeed, runWorld } from '../../sim/run.ts';

const SEEDS = 200;
const OPS = 200;

describe('determinism', () => {
  it(`gives identical trace hashes on two runs of each of ${SEEDS} seeds, and distinct worlds across seeds`, () => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < SEEDS; seed++) {
      const first = runSeed({ seed: BigInt(seed), opsMax: OPS });
      const second = runSeed({ seed: BigInt(seed), opsMax: OPS });
      expect(second.trace_hash, `seed ${seed}`).toBe(first.trace_hash);
      expect(second.events).toBe(first.events);
      expect(second.virtual_ms).toBe(first.virtual_ms);
      hashes.add(first.trace_hash);
    }
    expect(hashes.size).toBe(SEEDS);
  });

  it('logs identical bytes, stamped with virtual time, on two runs of a seed', () => {
    const logs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const lines: string[] = [];
      runWorld({
        seed: 31337n,
        opsMax: 150,
        logLevel: 'debug',
        logSink: { write: (line) => lines.push(line) },
      });
      logs.push(lines.join(''));
    }
    expect(logs[0]).toBe(logs[1]);
    const first = JSON.parse((logs[0] as string).split('\n')[0] as string);
    expect(first).toHaveProperty('vtime');
    expect(first).not.toHaveProperty('time');
    expect(first).not.toHaveProperty('pid');
    expect((logs[0] as string).split('\n').length).toBeGreaterThan(150);
  });

  it('changes a large seed and its hex spelling into the same world', () => {
    const decimal = runSeed({ seed: 18446744073709551615n, opsMax: 50 });
    const again = runSeed({ seed: 0xffffffffffffffffn, opsMax: 50 });
    expect(again.trace_hash).toBe(decimal.trace_hash);
    expect(decimal.seed).toBe('18446744073709551615');
  });
});
