/**
 * The rot_detected verdict on a failure after rot reached the running store: no finding in the
 * store's own checks leaves the failure as it is; a finding halts the world by default, or
 * reports the failure as rot_detected under --strict-rot.
 */
import { describe, expect, it } from 'vitest';
import { rotVerdict } from '../../../sim/checkers/rot-detected.ts';
import type { RunFailure } from '../../../sim/run-types.ts';

const FAILURE: RunFailure = {
  invariant: 'silent_corruption',
  event_index: 12,
  message: 'GET answered differently from the model without an error after corruption',
};

describe('rot_detected', () => {
  it('leaves a failure alone when the store finds nothing wrong with its bytes', () => {
    expect(rotVerdict(FAILURE, [], false)).toEqual({ kind: 'not-rot' });
    expect(rotVerdict(FAILURE, [], true)).toEqual({ kind: 'not-rot' });
  });

  it('halts the world on the known weakness by default, naming the failure and the finding', () => {
    const verdict = rotVerdict(FAILURE, ['row 4 missing from index sqlite_autoindex_keys_1'], false);
    expect(verdict.kind).toBe('excused');
    const halt = (verdict as { halt: string }).halt;
    expect(halt).toContain('silent_corruption at event 12');
    expect(halt).toContain('row 4 missing from index sqlite_autoindex_keys_1');
    expect(halt).toContain('--strict-rot');
  });

  it('reports the failure as rot_detected under --strict-rot', () => {
    const verdict = rotVerdict(FAILURE, ['database disk image is malformed'], true);
    expect(verdict).toEqual({
      kind: 'failure',
      failure: {
        invariant: 'rot_detected',
        event_index: 12,
        message:
          "after rot reached the running store, silent_corruption: GET answered differently from the model without an error after corruption (the store's check finds: database disk image is malformed)",
      },
    });
  });
});
