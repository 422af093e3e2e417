/**
 * list_order_preserved: list reads and pops see elements in the order pushes put them.
 * Checked on every list read or pop against the model; list writes' replies (new lengths)
 * fall to reply_matches_model.
 */
import { familyChecker } from './mismatch.ts';

export const listOrderPreserved = familyChecker('list_order_preserved', ['LRANGE', 'LINDEX', 'LPOP', 'RPOP']);
