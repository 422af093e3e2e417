/** A test-only runner module that does not export runSeed: the sweep must abort, not spin. */
export const notARunner = true;
