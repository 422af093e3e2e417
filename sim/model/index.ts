/**
 * The reference model: an in-memory Redis 7.0 for the commands redlite serves, plus the reply
 * normalisation both the simulator's checkers and the differential tests compare through.
 */

export { canonicalBytes } from './compare.ts';
export type { ModelOptions } from './Model.ts';
export { Model } from './Model.ts';
export { isRandomCommand, normalizeReply, SCAN_CURSOR_MARKER } from './normalize.ts';
