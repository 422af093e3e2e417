/**
 * The spec's stress tests (redlite's `dst-spec.yaml`, `scenarios.stress`), with their full
 * sizes and the scaled-down sizes a default run uses (`--full` for the spec's). A variant is
 * one size of a test: `high_connection_count` at 100 connections, `large_values` at 10 KB.
 * What each test sends and how its end state is checked is sim/stress/workloads.ts.
 */

export const STRESS_TEST_NAMES = [
  'high_connection_count',
  'large_key_space',
  'hot_key_contention',
  'large_values',
] as const;
export type StressTestName = (typeof STRESS_TEST_NAMES)[number];

export interface StressVariant {
  readonly test: StressTestName;
  /** `100 connections`, `10240 B values`: what sets this variant apart. */
  readonly label: string;
  readonly connections: number;
  /** Ops over all connections. */
  readonly ops: number;
  readonly keys: number;
  readonly valueBytes: number;
}

function variant(
  test: StressTestName,
  label: string,
  shape: Omit<StressVariant, 'test' | 'label'>,
): StressVariant {
  return { test, label, ...shape };
}

/** The spec's sizes. */
function fullVariants(): StressVariant[] {
  return [
    ...[10, 100, 1000].map((connections) =>
      variant('high_connection_count', `${connections} connections`, {
        connections,
        ops: connections * 10_000,
        keys: connections * 10,
        valueBytes: 64,
      }),
    ),
    ...[1000, 100_000, 1_000_000].map((keys) =>
      variant('large_key_space', `${keys} keys`, { connections: 10, ops: 100_000, keys, valueBytes: 64 }),
    ),
    variant('hot_key_contention', '10 keys, 100 connections', {
      connections: 100,
      ops: 100_000,
      keys: 10,
      valueBytes: 0,
    }),
    ...[1024, 10_240, 102_400].map((valueBytes) =>
      variant('large_values', `${valueBytes} B values`, {
        connections: 10,
        ops: 10_000,
        keys: 100,
        valueBytes,
      }),
    ),
  ];
}

/** Scaled down: the same shapes at sizes a laptop or CI runs in a minute or two. */
function scaledVariants(): StressVariant[] {
  return [
    ...[10, 100].map((connections) =>
      variant('high_connection_count', `${connections} connections`, {
        connections,
        ops: connections * 100,
        keys: connections * 10,
        valueBytes: 64,
      }),
    ),
    ...[1000, 10_000].map((keys) =>
      variant('large_key_space', `${keys} keys`, { connections: 10, ops: 5000, keys, valueBytes: 64 }),
    ),
    variant('hot_key_contention', '10 keys, 100 connections', {
      connections: 100,
      ops: 5000,
      keys: 10,
      valueBytes: 0,
    }),
    ...[1024, 10_240, 102_400].map((valueBytes) =>
      variant('large_values', `${valueBytes} B values`, { connections: 10, ops: 500, keys: 50, valueBytes }),
    ),
  ];
}

export function stressVariants(full: boolean, test: string | null): StressVariant[] {
  const all = full ? fullVariants() : scaledVariants();
  return test === null ? all : all.filter((row) => row.test === test);
}
