/**
 * The spec's property scenarios (redlite-dst/spec/dst-spec.yaml, `properties`), as fast-check
 * arbitraries of step sequences: string, numeric, list, hash, set, sorted-set and expiration
 * operations, each over exactly the spec's commands (expiration adds GET, the read by which
 * "expired keys return nil" shows), plus a mix of all of them with crashes for
 * crash_recovery_consistent. fast-check shrinks every part: fewer steps, smaller numbers,
 * earlier keys, shorter values.
 *
 * Keys are `k0`..`k7`, few enough that steps collide on keys; values and members come from
 * small alphabets for the same reason, with a multi-byte letter so byte-counting commands
 * meet UTF-8. Numbers include the int64 edges, where overflow errors live.
 */
import fc from 'fast-check';
import { advance, CRASH, cmd, type Step } from './steps.ts';

/** Steps per sequence, at most; fast-check's `medium` size averages about half. */
export const STEPS_MAX = 40;

const key = fc.integer({ min: 0, max: 7 }).map((i) => `k${i}`);
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', '0', '1', 'é'), maxLength: 6 });
const index = fc.integer({ min: -6, max: 6 }).map(String);
const integer = fc.oneof(
  { arbitrary: fc.integer({ min: -100, max: 100 }).map(String), weight: 10 },
  {
    arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', '4611686018427387904'),
    weight: 1,
  },
);
const decimal = fc
  .tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.constantFrom(1, 10, 100, 1000))
  .map(([units, scale]) => String(units / scale));
const field = fc.integer({ min: 0, max: 4 }).map((i) => `f${i}`);
const member = fc.integer({ min: 0, max: 5 }).map((i) => `m${i}`);
const score = fc.oneof(
  { arbitrary: fc.integer({ min: -10, max: 10 }).map(String), weight: 8 },
  { arbitrary: fc.constantFrom('1.5', '-0.25', '-inf', '+inf'), weight: 2 },
);
const scoreBound = fc.oneof(
  { arbitrary: score, weight: 4 },
  { arbitrary: fc.integer({ min: -10, max: 10 }).map((n) => `(${n}`), weight: 1 },
);
const withScores = fc.boolean().map((yes) => (yes ? ['WITHSCORES'] : []));
const count = fc.integer({ min: 1, max: 4 }).map(String);

function sequence(step: fc.Arbitrary<Step>): fc.Arbitrary<Step[]> {
  return fc.array(step, { maxLength: STEPS_MAX, size: 'medium' });
}

const stringStep: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(key, text).map(([k, v]) => cmd('SET', k, v)),
  key.map((k) => cmd('GET', k)),
  fc.tuple(key, text).map(([k, v]) => cmd('APPEND', k, v)),
  key.map((k) => cmd('STRLEN', k)),
  fc.tuple(key, index, index).map(([k, start, end]) => cmd('GETRANGE', k, start, end)),
);

const numericStep: fc.Arbitrary<Step> = fc.oneof(
  key.map((k) => cmd('INCR', k)),
  key.map((k) => cmd('DECR', k)),
  fc.tuple(key, integer).map(([k, n]) => cmd('INCRBY', k, n)),
  fc.tuple(key, integer).map(([k, n]) => cmd('DECRBY', k, n)),
  fc.tuple(key, decimal).map(([k, n]) => cmd('INCRBYFLOAT', k, n)),
);

const listStep: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(key, fc.array(text, { minLength: 1, maxLength: 3 })).map(([k, vs]) => cmd('LPUSH', k, ...vs)),
  fc.tuple(key, fc.array(text, { minLength: 1, maxLength: 3 })).map(([k, vs]) => cmd('RPUSH', k, ...vs)),
  fc.tuple(key, fc.option(count, { nil: undefined })).map(([k, n]) => cmd('LPOP', k, ...(n ? [n] : []))),
  fc.tuple(key, fc.option(count, { nil: undefined })).map(([k, n]) => cmd('RPOP', k, ...(n ? [n] : []))),
  fc.tuple(key, index, index).map(([k, start, stop]) => cmd('LRANGE', k, start, stop)),
  fc.tuple(key, index).map(([k, i]) => cmd('LINDEX', k, i)),
);

const hashStep: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(key, fc.array(fc.tuple(field, text), { minLength: 1, maxLength: 3 }))
    .map(([k, pairs]) => cmd('HSET', k, ...pairs.flat())),
  fc.tuple(key, field).map(([k, f]) => cmd('HGET', k, f)),
  fc.tuple(key, fc.array(field, { minLength: 1, maxLength: 3 })).map(([k, fs]) => cmd('HDEL', k, ...fs)),
  fc.tuple(key, field).map(([k, f]) => cmd('HEXISTS', k, f)),
  key.map((k) => cmd('HGETALL', k)),
);

const setStep: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(key, fc.array(member, { minLength: 1, maxLength: 3 })).map(([k, ms]) => cmd('SADD', k, ...ms)),
  fc.tuple(key, fc.array(member, { minLength: 1, maxLength: 3 })).map(([k, ms]) => cmd('SREM', k, ...ms)),
  key.map((k) => cmd('SMEMBERS', k)),
  fc.tuple(key, member).map(([k, m]) => cmd('SISMEMBER', k, m)),
  key.map((k) => cmd('SCARD', k)),
);

const sortedSetStep: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(key, fc.array(fc.tuple(score, member), { minLength: 1, maxLength: 3 }))
    .map(([k, pairs]) => cmd('ZADD', k, ...pairs.flat())),
  fc.tuple(key, member).map(([k, m]) => cmd('ZREM', k, m)),
  fc.tuple(key, index, index, withScores).map(([k, start, stop, ws]) => cmd('ZRANGE', k, start, stop, ...ws)),
  fc
    .tuple(key, scoreBound, scoreBound, withScores)
    .map(([k, min, max, ws]) => cmd('ZRANGEBYSCORE', k, min, max, ...ws)),
  fc.tuple(key, member).map(([k, m]) => cmd('ZSCORE', k, m)),
);

const ttlSeconds = fc.integer({ min: -1, max: 10 }).map(String);
const setExpiry = fc.oneof(
  fc.constant([] as string[]),
  fc.integer({ min: 1, max: 10 }).map((s) => ['EX', String(s)]),
  fc.integer({ min: 1, max: 10_000 }).map((ms) => ['PX', String(ms)]),
);

const expirationStep: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(key, text, setExpiry).map(([k, v, ex]) => cmd('SET', k, v, ...ex)),
  fc.tuple(key, ttlSeconds).map(([k, s]) => cmd('EXPIRE', k, s)),
  key.map((k) => cmd('TTL', k)),
  key.map((k) => cmd('PTTL', k)),
  key.map((k) => cmd('PERSIST', k)),
  key.map((k) => cmd('GET', k)),
  fc.integer({ min: 1, max: 6000 }).map(advance),
);

/** Every family at once, on shared keys, with crashes between commands. */
const crashStep: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: stringStep, weight: 2 },
  { arbitrary: numericStep, weight: 2 },
  { arbitrary: listStep, weight: 2 },
  { arbitrary: hashStep, weight: 2 },
  { arbitrary: setStep, weight: 2 },
  { arbitrary: sortedSetStep, weight: 2 },
  { arbitrary: expirationStep, weight: 2 },
  { arbitrary: fc.constant(CRASH), weight: 1 },
);

/**
 * The sequences the properties draw, by scenario name. The spec's set_operations scenario
 * names no invariant, so no property draws it alone; its steps run inside crash_mix.
 */
export const SCENARIOS = {
  string_operations: sequence(stringStep),
  numeric_operations: sequence(numericStep),
  list_operations: sequence(listStep),
  hash_operations: sequence(hashStep),
  sorted_set_operations: sequence(sortedSetStep),
  expiration: sequence(expirationStep),
  crash_mix: sequence(crashStep),
} as const;

export type ScenarioName = keyof typeof SCENARIOS;
