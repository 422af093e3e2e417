/**
 * The spec's oracle command groups (redlite's `dst-spec.yaml`, `oracle.command_groups`): each
 * group's commands and its case count. A case is one generated command, drawn from our op
 * generators (sim/ops) restricted to the group's commands, with keys from a small namespace so
 * that commands meet existing values. The expiration group adds SET, which its commands need
 * something to act on (as the spec's own expiration property does).
 */

export interface OracleGroup {
  /** The spec's group name. */
  readonly name: string;
  /** The spec's commands for the group. */
  readonly commands: readonly string[];
  /** Commands drawn besides the spec's, and why (none for most groups). */
  readonly helpers: readonly string[];
  /** The spec's `test_cases`. */
  readonly cases: number;
}

export const ORACLE_GROUPS: readonly OracleGroup[] = [
  {
    name: 'strings',
    commands: ['SET', 'GET', 'APPEND', 'STRLEN', 'INCR', 'DECR', 'MGET', 'MSET'],
    helpers: [],
    cases: 1000,
  },
  {
    name: 'lists',
    commands: ['LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LRANGE', 'LLEN', 'LINDEX'],
    helpers: [],
    cases: 1000,
  },
  {
    name: 'hashes',
    commands: ['HSET', 'HGET', 'HDEL', 'HGETALL', 'HMGET', 'HMSET', 'HLEN'],
    helpers: [],
    cases: 1000,
  },
  {
    name: 'sets',
    commands: ['SADD', 'SREM', 'SMEMBERS', 'SISMEMBER', 'SCARD', 'SPOP'],
    helpers: [],
    cases: 1000,
  },
  {
    name: 'sorted_sets',
    commands: ['ZADD', 'ZREM', 'ZRANGE', 'ZRANGEBYSCORE', 'ZSCORE', 'ZRANK'],
    helpers: [],
    cases: 1000,
  },
  {
    name: 'expiration',
    commands: ['EXPIRE', 'TTL', 'PTTL', 'PERSIST', 'EXPIREAT'],
    helpers: ['SET'],
    cases: 500,
  },
];

export const ORACLE_GROUP_NAMES: readonly string[] = ORACLE_GROUPS.map((group) => group.name);
