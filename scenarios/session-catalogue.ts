/**
 * The connection workloads: `transactions` (MULTI…EXEC blocks, WATCH check-and-set, SELECT)
 * and `blocking` (blocking pops on keys other clients push to, or that nobody pushes to, with
 * virtual timeouts), each with process crashes and dropped connections, which cut open
 * transactions and blocked clients. `mixed` and `hostile` take the shared profile below.
 */
import type { FaultRange, Scenario, SessionProfile } from './types.ts';

/**
 * What both connection workloads share: rare time jumps, every key distribution, a liveness
 * phase long enough for every blocked client to finish, and dropped connections.
 */
const CONNECTION_WORLD = {
  timeJumpRate: { min: 0, max: 0.01 },
  timeJumpMsMax: { min: 1000, max: 30_000 },
  keyDistributions: ['uniform', 'zipfian', 'hot'],
  livenessOps: { min: 20, max: 200 },
} as const satisfies Partial<Scenario>;
const CONNECTION_DROP: FaultRange = { onChance: 0.8, min: 0.005, max: 0.03 };

/** A little of every session pattern, for the workloads that are about something else. */
export const SOME_SESSIONS: SessionProfile = {
  multiRate: { min: 0, max: 0.05 },
  casRate: { min: 0, max: 0.03 },
  selectRate: { min: 0, max: 0.01 },
  blockRate: { min: 0, max: 0.03 },
  queuedMax: { min: 1, max: 6 },
};

const transactions: Scenario = {
  name: 'transactions',
  description: 'MULTI/EXEC blocks, WATCH check-and-set and SELECT on a contended key space, with crashes',
  familyWeights: { strings: 4, keys: 2, lists: 2, hashes: 2, sets: 1, zsets: 1 },
  commandBoosts: { INCR: 3, SET: 2, GET: 2, MSET: 2 },
  clients: { min: 2, max: 8 },
  keySpaceSize: { min: 1, max: 30 },
  valueBytesMax: { min: 0, max: 256 },
  thinkMsMax: { min: 1, max: 30 },
  expiryRate: { min: 0, max: 0.1 },
  ...CONNECTION_WORLD,
  sessions: {
    multiRate: { min: 0.1, max: 0.3 },
    casRate: { min: 0.05, max: 0.2 },
    selectRate: { min: 0, max: 0.03 },
    blockRate: { min: 0, max: 0.02 },
    queuedMax: { min: 2, max: 8 },
  },
  faults: {
    crash: { onChance: 0.8, min: 0.005, max: 0.03 },
    'connection-drop': CONNECTION_DROP,
  },
};

const blocking: Scenario = {
  name: 'blocking',
  description: 'blocking pops with virtual timeouts on lists other clients push to, with crashes',
  familyWeights: { lists: 8, keys: 1, strings: 1 },
  commandBoosts: { LPUSH: 3, RPUSH: 3 },
  clients: { min: 2, max: 10 },
  keySpaceSize: { min: 1, max: 12 },
  valueBytesMax: { min: 0, max: 64 },
  thinkMsMax: { min: 1, max: 80 },
  expiryRate: { min: 0, max: 0.05 },
  ...CONNECTION_WORLD,
  sessions: {
    multiRate: { min: 0, max: 0.05 },
    casRate: { min: 0, max: 0.02 },
    selectRate: { min: 0, max: 0.01 },
    blockRate: { min: 0.15, max: 0.4 },
    queuedMax: { min: 1, max: 4 },
  },
  faults: {
    crash: { onChance: 0.5, min: 0.002, max: 0.01 },
    'connection-drop': CONNECTION_DROP,
  },
};

export const SESSION_SCENARIOS: readonly Scenario[] = [transactions, blocking];
