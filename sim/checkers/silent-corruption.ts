/**
 * silent_corruption: after a corruption fault (bit rot, a misplaced sector), a reply that
 * differs from the model without being an error. Rotted bytes may make keys answer errors;
 * they must never make the store answer wrong data. Judged in the world's op path.
 */
export const SILENT_CORRUPTION = 'silent_corruption';
