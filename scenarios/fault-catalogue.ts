/**
 * The fault scenarios from redlite's spec: a mixed workload on a small key space (so state
 * comparisons after every restart stay cheap) with a fault profile. MSET and LPUSH are boosted
 * because multi-key and multi-element writes are where a crash mid-command shows non-atomicity,
 * and LINSERT because it is where a list renumbers, rewriting every row in one command.
 * Power loss rebuilds a folder and makes SQLite recover, so its rates stay low and the fault
 * source bounds its count per seed.
 *
 * Misdirected writes are in no profile: redlite cannot detect a sector that lands at the wrong
 * offset (SQLite keeps no page checksums, and a row's checksum does not bind it to its page or
 * its version), so a default sweep would be red on a known, documented finding every night.
 * Ask for them by name (`--faults misdirected-write,...` or `--faults all`); see the README's
 * durability table. Failed fsyncs are in no profile for the same reason: under
 * synchronous=normal, redlite runs on after a failed checkpoint fsync dropped acknowledged WAL
 * frames, and the store ends up malformed (a banked finding); `--faults fsync-failure,...`.
 */
import { SOME_SESSIONS } from './session-catalogue.ts';
import type { FaultProfile, Range, Scenario } from './types.ts';

const ALL_DISTRIBUTIONS = ['uniform', 'zipfian', 'hot'] as const;

const LIVENESS_OPS: Range = { min: 20, max: 200 };

function faultScenario(name: string, description: string, faults: FaultProfile): Scenario {
  return {
    name,
    description,
    familyWeights: { strings: 4, keys: 2, lists: 2, hashes: 2, sets: 2, zsets: 2 },
    commandBoosts: { MSET: 3, LPUSH: 3, RPUSH: 2, LINSERT: 3, HSET: 2, SADD: 2, ZADD: 2 },
    clients: { min: 1, max: 8 },
    keySpaceSize: { min: 1, max: 200 },
    valueBytesMax: { min: 0, max: 4096 },
    thinkMsMax: { min: 1, max: 50 },
    expiryRate: { min: 0, max: 0.1 },
    timeJumpRate: { min: 0, max: 0.01 },
    timeJumpMsMax: { min: 1000, max: 60_000 },
    keyDistributions: ALL_DISTRIBUTIONS,
    faults,
    livenessOps: LIVENESS_OPS,
  };
}

const always = (min: number, max: number) => ({ onChance: 1, min, max });
const sometimes = (min: number, max: number) => ({ onChance: 0.5, min, max });

export const FAULT_SCENARIOS: readonly Scenario[] = [
  faultScenario('crash', 'process crashes, between commands and between two statements of one', {
    crash: always(0.005, 0.03),
    'io-error': sometimes(0.002, 0.01),
  }),
  faultScenario('power-loss', 'power cuts: unsynced sectors lost, kept or torn; SQLite recovers', {
    'power-loss': always(0.003, 0.01),
    crash: sometimes(0.002, 0.01),
  }),
  faultScenario('disk-full', 'SQLITE_FULL on writes, then space comes back', {
    'disk-full': always(0.005, 0.03),
    'slow-disk': sometimes(0.01, 0.05),
  }),
  faultScenario(
    'corruption',
    'bit rot in the database and WAL, surfacing through evictions, crashes and power cuts',
    {
      'bit-rot': always(0.003, 0.01),
      'power-loss': sometimes(0.002, 0.006),
      crash: sometimes(0.002, 0.01),
    },
  ),
  faultScenario(
    'disk-errors',
    "I/O errors inside SQLite's own calls: EIO, short writes, ENOSPC, failed fsyncs, torn reads, crashes mid-I/O",
    {
      'read-error': sometimes(0.005, 0.03),
      'write-error': always(0.005, 0.03),
      'short-write': sometimes(0.005, 0.03),
      enospc: sometimes(0.005, 0.03),
      'torn-read': sometimes(0.002, 0.01),
      'crash-mid-io': always(0.005, 0.03),
      'power-loss': sometimes(0.002, 0.006),
    },
  ),
  {
    ...faultScenario(
      'hostile',
      'every fault kind at once, at high rates, with transactions and blocking pops',
      {
        crash: always(0.01, 0.03),
        'power-loss': always(0.004, 0.01),
        'bit-rot': always(0.003, 0.008),
        'disk-full': always(0.005, 0.02),
        'io-error': always(0.005, 0.02),
        'slow-disk': always(0.01, 0.05),
        'connection-drop': always(0.005, 0.02),
        'read-error': always(0.005, 0.02),
        'write-error': always(0.005, 0.02),
        'short-write': always(0.005, 0.02),
        enospc: always(0.005, 0.02),
        'torn-read': always(0.002, 0.008),
        'crash-mid-io': always(0.005, 0.02),
      },
    ),
    sessions: SOME_SESSIONS,
  },
  faultScenario('memory-pressure', 'SQLITE_NOMEM under memory pressure, then relief', {
    'memory-pressure': always(0.005, 0.02),
    crash: sometimes(0.002, 0.01),
  }),
];
