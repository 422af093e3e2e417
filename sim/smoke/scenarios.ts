/**
 * The smoke scenarios: the `smoke` section of redlite's DST spec (redlite-dst/spec/dst-spec.yaml),
 * row for row, with its commands, key counts and iteration counts. `basic_persistence` adds
 * the spec's `include_restart`: write, close cleanly, reopen, read every key back. What each
 * row runs is smoke-events.ts; this file is the catalogue only.
 */

export interface SmokeScenario {
  readonly name: string;
  /** The commands drawn from, in the spec's order. */
  readonly commands: readonly string[];
  /** Distinct keys, `k:0` to `k:<keys-1>`. */
  readonly keys: number;
  /** Commands drawn (before the restart, for a restarting scenario). */
  readonly iterations: number;
  /** Close cleanly and reopen after the iterations, then read every key back. */
  readonly restart: boolean;
}

export const SMOKE_SCENARIOS: readonly SmokeScenario[] = [
  { name: 'basic_set_get', commands: ['SET', 'GET'], keys: 100, iterations: 1000, restart: false },
  {
    name: 'basic_incr_decr',
    commands: ['INCR', 'DECR', 'INCRBY', 'DECRBY'],
    keys: 50,
    iterations: 500,
    restart: false,
  },
  {
    name: 'basic_list_ops',
    commands: ['LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LRANGE'],
    keys: 20,
    iterations: 500,
    restart: false,
  },
  {
    name: 'basic_hash_ops',
    commands: ['HSET', 'HGET', 'HDEL', 'HGETALL'],
    keys: 20,
    iterations: 500,
    restart: false,
  },
  {
    name: 'basic_set_ops',
    commands: ['SADD', 'SREM', 'SMEMBERS', 'SISMEMBER'],
    keys: 20,
    iterations: 500,
    restart: false,
  },
  {
    name: 'basic_sorted_set',
    commands: ['ZADD', 'ZREM', 'ZRANGE', 'ZSCORE'],
    keys: 20,
    iterations: 500,
    restart: false,
  },
  { name: 'basic_persistence', commands: ['SET', 'GET'], keys: 100, iterations: 100, restart: true },
];

export const SMOKE_SCENARIO_NAMES: readonly string[] = SMOKE_SCENARIOS.map((scenario) => scenario.name);
