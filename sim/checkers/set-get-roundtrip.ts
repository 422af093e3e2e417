/**
 * set_get_roundtrip: what a client reads back from a string key is what was last written.
 * Checked on every string read, against the model. It does not cover writes' own replies
 * (reply_matches_model does) nor keys that expired (expire_removes_key runs first).
 */
import { familyChecker } from './mismatch.ts';

export const setGetRoundtrip = familyChecker('set_get_roundtrip', [
  'GET',
  'MGET',
  'GETDEL',
  'GETRANGE',
  'STRLEN',
]);
