/**
 * wal_durability: with --strict-durability, a power loss that recovers fewer than all
 * acknowledged writes fails the run, whatever the durability mode; this is how a seed shows
 * that synchronous=normal loses acknowledged writes. Rot in a WAL frame, or a power loss that
 * misplaces sectors, excuses the loss: recovery then stops early on any database. Judged in
 * sim/fault-driver/FaultController.ts after the recovery search.
 */
export const WAL_DURABILITY = 'wal_durability';
