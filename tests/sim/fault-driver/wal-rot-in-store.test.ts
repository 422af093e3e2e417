/**
 * Rot in a WAL frame reaches the running store too: a live connection reads a page's newest
 * version from the WAL without checking the frame's checksum (only recovery checks them). The
 * fixture is a minimized hostile trace (seed 25): two large HSETs, a checkpoint, a third HSET,
 * then bit rot in the WAL frame holding the hash's page, read back at once. The hash then
 * answers with fields missing and no error; the store's own integrity check finds the damaged
 * page, so the world halts on the known weakness, and --strict-rot fails it as rot_detected.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/wal-rot-in-store.trace.jsonl', import.meta.url));

describe('bit rot in a WAL frame the running store reads', () => {
  it('halts the world on the known weakness, with the store check naming the damage', () => {
    const trace = loadTrace(FIXTURE);
    const report = replayTrace(trace);
    expect(report.execution.failure).toBeNull();
    expect(report.execution.halt).toMatch(/rot in the running store .* the store's own check finds: /);
    expect(report.execution.probes['recovery.rot_excused']).toBe(1);
  });

  it('fails as rot_detected under --strict-rot', () => {
    const trace = loadTrace(FIXTURE);
    const strict = {
      ...trace,
      header: { ...trace.header, config: { ...trace.header.config, strictRot: true } },
    };
    const report = replayTrace(strict);
    expect(report.execution.failure?.invariant).toBe('rot_detected');
    expect(report.execution.failure?.message).toContain('state_matches_model');
  });
});
