/**
 * A planted fuzz target that never returns on an input starting with `LOOP` (its first seed),
 * so the fuzzer's hang detection, confirmation and replay can be tested in well under a second
 * of hang budget.
 */
import type { FuzzTarget } from '../../../sim/fuzz/targets/types.ts';

export function createTarget(): FuzzTarget {
  return {
    seeds: () => [Buffer.from('LOOP forever')],
    dictionary: [],
    run(input) {
      if (input.subarray(0, 4).toString('latin1') !== 'LOOP') return;
      for (;;) {
        // Spins until the supervisor terminates the thread.
      }
    },
    dispose: () => {},
  };
}
