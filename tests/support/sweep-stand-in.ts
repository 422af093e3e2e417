/**
 * A stand-in for the simulator's runSeed, for the sweep's own tests: deterministic in the
 * seed and options, it does a little CPU work per op, fails about one seed in seven with a
 * named invariant and command, reports probe hits, and writes a trace in the real format
 * (header, op / timer / fault lines, outcome) when asked. It simulates nothing: it exists so
 * the sweep's scheduling, reports and failure handling can be tested without the core.
 */
import { writeFileSync } from 'node:fs';
import { FAULT_EVENTS } from '../../sim/config/fault-vocabulary.ts';
import { deriveSeed } from '../../sim/random/index.ts';
import type { RunOptions, RunResult } from '../../sim/run-types.ts';

export const STAND_IN_SCENARIOS = ['basic', 'hostile', 'expiry'] as const;
const INVARIANTS = [
  ['reply-matches-model', 'GET'],
  ['durable-after-sync', 'SET'],
  ['reply-matches-model', 'ZADD'],
] as const;
const FAULTS = [
  FAULT_EVENTS.crash,
  FAULT_EVENTS.powerLoss,
  FAULT_EVENTS.bitRot,
  FAULT_EVENTS.diskFull,
] as const;
/** Probes the stand-in can hit; `recovery.never` is in the test catalogue but never hit. */
export const STAND_IN_PROBES = ['fault.crash', 'fault.power_loss', 'recovery.wal_clean_end'] as const;

function work(seed: bigint, ops: number): bigint {
  let state = seed;
  for (let i = 0; i < ops * 40; i++) state = deriveSeed(state, 'op');
  return state;
}

export function standInFails(seed: bigint, scenarioHint?: string): boolean {
  return deriveSeed(seed, `fail:${scenarioHint ?? ''}`) % 7n === 0n;
}

export function runSeed(options: RunOptions): RunResult {
  const seed = options.seed;
  const opsMax = options.opsMax ?? 1000;
  const scenario = options.scenario ?? (STAND_IN_SCENARIOS[Number(seed % 3n)] as string);
  const hash = work(seed ^ BigInt(opsMax), opsMax);
  const fails = standInFails(seed, options.scenario);
  const clients = options.clients ?? 1 + Number(seed % 3n);
  const failingIndex = fails ? Math.floor(opsMax / 2) : -1;
  const events = fails ? failingIndex + 1 : opsMax;
  const [invariant, command] = INVARIANTS[Number(seed % 3n)] as readonly [string, string];
  const failure = fails
    ? {
        invariant,
        event_index: failingIndex,
        message: `stand-in ${invariant}`,
        command,
        expected: '"a"',
        actual: '"b"',
      }
    : null;
  const traceHash = hash.toString(16).padStart(16, '0');
  if (options.tracePath !== undefined) {
    const lines = [
      JSON.stringify({
        format: 'redlite-dst-trace',
        version: 1,
        seed: seed.toString(),
        config: { scenario },
      }),
    ];
    for (let index = 0; index < events; index++) {
      const atMs = index * 10;
      if (index % 10 === 3) {
        const fault = FAULTS[Math.floor(index / 10) % FAULTS.length] as string;
        lines.push(JSON.stringify({ index, atMs, kind: 'fault', fault, seed: '1', reply: null }));
      } else if (index % 10 === 7) {
        lines.push(
          JSON.stringify({ index, atMs, kind: 'timer', timer: 'checkpoint', seed: '2', reply: null }),
        );
      } else {
        const name = index === failingIndex ? command : index % 2 === 0 ? 'SET' : 'GET';
        lines.push(
          JSON.stringify({
            index,
            atMs,
            kind: 'op',
            client: index % clients,
            argv: [name, `k${index % 5}`],
            reply: { '+': 'OK' },
          }),
        );
      }
    }
    lines.push(
      JSON.stringify({
        outcome: fails ? 'fail' : 'pass',
        events,
        ops: events,
        virtual_ms: events * 10,
        trace_hash: traceHash,
        failure,
      }),
    );
    writeFileSync(options.tracePath, `${lines.join('\n')}\n`);
  }
  const probes: Record<string, number> = { 'fault.crash': Number(seed % 2n) };
  if (seed % 5n === 0n) probes['fault.power_loss'] = 1;
  probes['recovery.wal_clean_end'] = 1;
  return {
    seed: seed.toString(),
    scenario,
    result: fails ? 'fail' : 'pass',
    ops: events,
    virtual_ms: events * 10,
    wall_ms: 1,
    trace_hash: traceHash,
    events,
    failure,
    probes,
    replay: `bin/vopr --seed ${seed}${options.scenario === undefined ? '' : ` --scenario ${options.scenario}`}`,
  };
}
