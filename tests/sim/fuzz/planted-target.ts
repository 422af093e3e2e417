/**
 * A planted fuzz target: it throws when an input starts with the bytes `BUG`, checked one byte
 * at a time, so each right byte opens a new block. Blind mutation would need about 2^24 tries
 * to hit three bytes at once; coverage feedback keeps each partial match and needs a few
 * thousand. The fuzzer's tests require it to find the bug within a bounded number of runs.
 */
import type { FuzzTarget } from '../../../sim/fuzz/targets/types.ts';

export class PlantedBug extends Error {
  constructor() {
    super('planted: the input starts with BUG');
    this.name = 'PlantedBug';
  }
}

export function createTarget(): FuzzTarget {
  return {
    seeds: () => [Buffer.from('hello')],
    dictionary: [],
    run(input) {
      if (input[0] === 0x42) {
        if (input[1] === 0x55) {
          if (input[2] === 0x47) throw new PlantedBug();
        }
      }
    },
    dispose: () => {},
  };
}
