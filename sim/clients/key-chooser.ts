/**
 * Key distributions for one client: uniform over the key space, zipfian (a few keys take most
 * ops), or one hot key with a uniform background. All draws come from the client's stream.
 */

import type { ClientProfile } from '../config/WorldConfig.ts';
import type { Rng } from '../random/Rng.ts';

export type KeyChooser = (rng: Rng) => number;

export function keyChooser(profile: ClientProfile, keySpaceSize: number): KeyChooser {
  const last = keySpaceSize - 1;
  switch (profile.keyDistribution) {
    case 'uniform':
      return (rng) => rng.int(0, last);
    case 'zipfian': {
      // A log-uniform draw: P(k) falls off as 1/k, which is zipfian with exponent 1, in O(1)
      // and without a table per key-space size.
      const logSpan = Math.log(keySpaceSize + 1);
      return (rng) => Math.min(last, Math.floor(Math.exp(rng.float() * logSpan)) - 1);
    }
    case 'hot':
      return (rng) => (rng.chance(profile.hotKeyRate) ? profile.hotKey : rng.int(0, last));
  }
}
