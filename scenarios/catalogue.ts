/**
 * The named workloads. Each gives an op mix (family weights), a key space, a value profile and
 * a client count range; the seed draws the exact figures inside these ranges (sim/config).
 * `spec/dst-spec.yaml` lists the same names, and a test keeps the two in step. The fault
 * scenarios live in fault-catalogue.ts.
 */
import { FAULT_SCENARIOS } from './fault-catalogue.ts';
import { SESSION_SCENARIOS, SOME_SESSIONS } from './session-catalogue.ts';
import type { Scenario } from './types.ts';

const ALL_DISTRIBUTIONS = ['uniform', 'zipfian', 'hot'] as const;

const kv: Scenario = {
  name: 'kv',
  description: 'strings and generic key commands on a small, contended key space',
  familyWeights: { strings: 6, keys: 3, server: 1 },
  clients: { min: 1, max: 8 },
  keySpaceSize: { min: 1, max: 200 },
  valueBytesMax: { min: 0, max: 65536 },
  thinkMsMax: { min: 1, max: 50 },
  expiryRate: { min: 0, max: 0.1 },
  timeJumpRate: { min: 0, max: 0.01 },
  timeJumpMsMax: { min: 1000, max: 60_000 },
  keyDistributions: ALL_DISTRIBUTIONS,
};

/**
 * A one-family workload: that family at weight 8 beside a little of the key and string
 * commands, on the shared small-contention defaults; only the key space and value sizes vary.
 */
function familyScenario(
  name: 'lists' | 'hashes' | 'sets' | 'zsets',
  description: string,
  keySpaceSizeMax: number,
  valueBytesMaxMax: number,
): Scenario {
  return {
    name,
    description,
    familyWeights: { [name]: 8, keys: 1, strings: 1 },
    clients: { min: 1, max: 8 },
    keySpaceSize: { min: 1, max: keySpaceSizeMax },
    valueBytesMax: { min: 0, max: valueBytesMaxMax },
    thinkMsMax: { min: 1, max: 50 },
    expiryRate: { min: 0, max: 0.05 },
    timeJumpRate: { min: 0, max: 0.01 },
    timeJumpMsMax: { min: 1000, max: 60_000 },
    keyDistributions: ALL_DISTRIBUTIONS,
  };
}

const lists = familyScenario('lists', 'list pushes, pops, ranges and moves between lists', 50, 4096);
const hashes = familyScenario('hashes', 'hash fields: set, increment, delete and read back', 100, 4096);
const sets = familyScenario('sets', 'set membership, random pops and set algebra across keys', 100, 1024);
const zsets = familyScenario('zsets', 'sorted sets: scores, ranks, ranges by score and by rank', 100, 1024);

const expiry: Scenario = {
  name: 'expiry',
  description: 'TTL heavy: expiries on most writes, TTL reads, and virtual time jumps past deadlines',
  familyWeights: { keys: 6, strings: 4, lists: 1, hashes: 1, sets: 1, zsets: 1 },
  commandBoosts: { EXPIRE: 4, PEXPIRE: 4, EXPIREAT: 2, PEXPIREAT: 2, TTL: 4, PTTL: 4, PERSIST: 2, SETEX: 3 },
  clients: { min: 1, max: 8 },
  keySpaceSize: { min: 1, max: 100 },
  valueBytesMax: { min: 0, max: 1024 },
  thinkMsMax: { min: 1, max: 500 },
  expiryRate: { min: 0.3, max: 0.9 },
  timeJumpRate: { min: 0.02, max: 0.2 },
  timeJumpMsMax: { min: 1000, max: 600_000 },
  keyDistributions: ALL_DISTRIBUTIONS,
};

const mixed: Scenario = {
  name: 'mixed',
  description: 'every family at once, on shared keys, so commands meet keys of the wrong type',
  familyWeights: { strings: 4, keys: 3, lists: 2, hashes: 2, sets: 2, zsets: 2, server: 1 },
  clients: { min: 1, max: 16 },
  keySpaceSize: { min: 1, max: 10_000 },
  valueBytesMax: { min: 0, max: 65536 },
  thinkMsMax: { min: 1, max: 100 },
  expiryRate: { min: 0, max: 0.2 },
  timeJumpRate: { min: 0, max: 0.02 },
  timeJumpMsMax: { min: 1000, max: 120_000 },
  keyDistributions: ALL_DISTRIBUTIONS,
  sessions: SOME_SESSIONS,
};

/** The fault-free workloads: the ones a seed picks from when no scenario is named. */
export const FAULT_FREE_SCENARIOS: readonly Scenario[] = [kv, lists, hashes, sets, zsets, expiry, mixed];

export const SCENARIOS: readonly Scenario[] = [
  ...FAULT_FREE_SCENARIOS,
  ...FAULT_SCENARIOS,
  ...SESSION_SCENARIOS,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((scenario) => scenario.name);

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
