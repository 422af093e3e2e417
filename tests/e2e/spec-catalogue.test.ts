import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCENARIO_NAMES } from '../../scenarios/index.ts';
import { CHECKED_INVARIANTS } from '../../sim/checkers/index.ts';
import { FAULT_KIND_ROWS, SIMULATOR_EVENT_TABLE } from '../../sim/config/fault-vocabulary.ts';

interface SpecEntry {
  name: string;
  status?: string;
  checker?: string;
  owner?: string;
  description?: string;
}

interface SpecFault extends SpecEntry {
  events?: string[];
  probes?: string[];
}

const spec = parse(readFileSync('spec/dst-spec.yaml', 'utf8')) as {
  invariants: SpecEntry[];
  scenarios: SpecEntry[];
  faults: SpecFault[];
  simulator_events: SpecEntry[];
};

const REDLITE_DST_INVARIANTS = [
  'set_get_roundtrip',
  'incr_monotonic',
  'list_order_preserved',
  'hash_fields_unique',
  'sorted_set_ordering',
  'expire_removes_key',
  'ttl_monotonic_decrease',
  'crash_recovery_consistent',
  'wal_durability',
];

describe('spec/dst-spec.yaml and the code', () => {
  const active = spec.invariants.filter((entry) => entry.status === 'active');
  const planned = spec.invariants.filter((entry) => entry.status === 'planned');

  it('lists each invariant once, as active or planned', () => {
    const names = spec.invariants.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect(active.length + planned.length).toBe(spec.invariants.length);
  });

  it("extends redlite's own DST spec", () => {
    for (const name of REDLITE_DST_INVARIANTS)
      expect(spec.invariants.map((entry) => entry.name)).toContain(name);
  });

  it('has a checker for every active invariant, and an active invariant for every checker', () => {
    expect(active.map((entry) => entry.name).sort()).toEqual([...CHECKED_INVARIANTS].sort());
  });

  it('names, for each active invariant, a checker file that opens with that invariant', () => {
    for (const entry of active) {
      expect(entry.checker, entry.name).toBeDefined();
      const path = entry.checker as string;
      expect(existsSync(path), path).toBe(true);
      const header = readFileSync(path, 'utf8').slice(0, 400);
      expect(header, path).toContain(entry.name);
    }
  });

  it('gives each planned invariant an owner, and no checker claims it yet', () => {
    for (const entry of planned) {
      expect(entry.owner, entry.name).toBeDefined();
      expect(CHECKED_INVARIANTS).not.toContain(entry.name);
    }
  });

  it('lists exactly the scenarios the code defines', () => {
    expect(spec.scenarios.map((entry) => entry.name).sort()).toEqual([...SCENARIO_NAMES].sort());
  });

  it('lists the fault vocabulary row for row: kinds in draw order, their events, probes and words', () => {
    expect(spec.faults).toEqual(
      FAULT_KIND_ROWS.map((row) => ({
        name: row.kind,
        status: 'active',
        events: Object.values(row.events).map((event) => event.name),
        probes: [...row.probes],
        description: row.description,
      })),
    );
  });

  it("lists the simulator's own events as the vocabulary names them", () => {
    expect(spec.simulator_events).toEqual(
      Object.values(SIMULATOR_EVENT_TABLE).map((event) => ({
        name: event.name,
        description: event.description,
      })),
    );
  });
});
