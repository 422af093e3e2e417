/**
 * The fault vocabulary (sim/config/fault-vocabulary.ts) against everything that names faults:
 * its own table is consistent, its probes are exactly the catalogue's `fault.*` probes, the
 * fault source emits exactly each kind's events, the fault controller handles every event and
 * refuses an unknown one, the scenarios' profiles and `--faults` know the same kinds, and the
 * override rates come from the rows. The spec's fault list is checked in
 * tests/e2e/spec-catalogue.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBE_NAMES } from '../../../faults/probes.ts';
import { SCENARIOS } from '../../../scenarios/index.ts';
import type { FaultProfile } from '../../../scenarios/types.ts';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import { parseFaultList } from '../../../sim/config/fault-rates.ts';
import {
  FAULT_EVENT_NAMES,
  FAULT_EVENTS,
  FAULT_KIND,
  FAULT_KIND_PROBES,
  FAULT_KIND_ROWS,
  FAULT_KINDS,
  type FaultKind,
  SIMULATOR_EVENT_NAMES,
} from '../../../sim/config/fault-vocabulary.ts';
import type { WorldConfig } from '../../../sim/config/WorldConfig.ts';
import type { FaultEvent } from '../../../sim/events.ts';
import { FaultController, UnknownFaultError } from '../../../sim/fault-driver/FaultController.ts';
import type { SimDiskStorage } from '../../../sim/fault-driver/SimDiskStorage.ts';
import { WorldGenerator } from '../../../sim/generator/WorldGenerator.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';
import type { World } from '../../../sim/world/World.ts';

const catalogue = defaultOpCatalogue();
const KEBAB = /^[a-z]+(-[a-z]+)*$/;

/** The fault events a hostile world emits with only `kind` switched on, over a few seeds. */
function emitted(kind: FaultKind): Set<string> {
  const names = new Set<string>();
  for (let seed = 1n; seed <= 5n; seed++) {
    const config = drawConfig(
      seed,
      { scenario: 'hostile', faults: [kind], knobs: { opsMax: 2000 } },
      catalogue,
    );
    for (const event of new WorldGenerator(config, catalogue))
      if (event.kind === 'fault') names.add(event.fault);
  }
  return names;
}

describe('the fault vocabulary', () => {
  it('names kinds and events in kebab case, each once, and every kind emits and probes something', () => {
    expect(FAULT_KINDS.filter((kind) => !KEBAB.test(kind))).toEqual([]);
    expect(new Set(FAULT_KINDS).size).toBe(FAULT_KINDS.length);
    expect(FAULT_EVENT_NAMES.filter((name) => !KEBAB.test(name))).toEqual([]);
    expect(new Set(Object.values(FAULT_EVENTS)).size).toBe(Object.keys(FAULT_EVENTS).length);
    for (const row of FAULT_KIND_ROWS) {
      expect(Object.keys(row.events).length, row.kind).toBeGreaterThan(0);
      expect(row.probes.length, row.kind).toBeGreaterThan(0);
      expect(row.overrideRate, row.kind).toBeGreaterThan(0);
      expect(row.overrideRate, row.kind).toBeLessThanOrEqual(1);
      for (const [id, event] of Object.entries(row.events))
        expect(FAULT_EVENTS[id as keyof typeof FAULT_EVENTS]).toBe(event.name);
    }
  });

  it('keeps the draw order the traces were recorded with', () => {
    expect(FAULT_KINDS).toEqual([
      'crash',
      'power-loss',
      'bit-rot',
      'misdirected-write',
      'disk-full',
      'io-error',
      'slow-disk',
      'memory-pressure',
      'connection-drop',
      'read-error',
      'write-error',
      'short-write',
      'enospc',
      'fsync-failure',
      'torn-read',
      'crash-mid-io',
    ]);
  });

  it('names simulator events apart: no kind emits them', () => {
    expect(SIMULATOR_EVENT_NAMES).toEqual(['liveness-restart']);
    const kindEvents = FAULT_KIND_ROWS.flatMap((row) => Object.values(row.events).map((event) => event.name));
    for (const name of SIMULATOR_EVENT_NAMES) expect(kindEvents).not.toContain(name);
    expect(new Set([...kindEvents, ...SIMULATOR_EVENT_NAMES])).toEqual(new Set(FAULT_EVENT_NAMES));
  });

  it('gives every fault probe of the catalogue to exactly one kind', () => {
    expect([...FAULT_KIND_PROBES].sort()).toEqual(PROBE_NAMES.filter((name) => name.startsWith('fault.')));
  });

  it('matches the fault source: with one kind on, a world emits exactly that kind’s events', () => {
    for (const row of FAULT_KIND_ROWS) {
      const names = emitted(row.kind as FaultKind);
      for (const name of SIMULATOR_EVENT_NAMES) expect(names.delete(name), `${row.kind}: ${name}`).toBe(true);
      expect([...names].sort(), row.kind).toEqual(
        Object.values(row.events)
          .map((event) => event.name)
          .sort(),
      );
    }
  });

  it("matches the fault controller's handle switch: one case per event, and an unknown event throws", () => {
    const source = readFileSync('sim/fault-driver/FaultController.ts', 'utf8');
    const cases = [...source.matchAll(/case FAULT_EVENTS\.(\w+):/g)].map((match) => match[1]);
    expect([...cases].sort()).toEqual(Object.keys(FAULT_EVENTS).sort());
    expect(source).not.toMatch(/case '[a-z-]+':/);
    const storage = { listen: () => {} } as unknown as SimDiskStorage;
    const controller = new FaultController({} as WorldConfig, storage);
    const unknown: FaultEvent = { index: 3, atMs: 0, kind: 'fault', fault: 'no-such-fault', seed: '1' };
    expect(() => controller.handle(unknown, {} as World)).toThrow(UnknownFaultError);
  });

  it('knows the kinds the scenarios profile and --faults accepts', () => {
    const kindsMatch: Same<keyof FaultProfile, FaultKind> = true;
    expect(kindsMatch).toBe(true);
    for (const scenario of SCENARIOS) {
      for (const kind of Object.keys(scenario.faults ?? {}))
        expect(FAULT_KINDS, scenario.name).toContain(kind);
    }
    expect(parseFaultList('all')).toEqual(FAULT_KINDS);
    expect(parseFaultList(`${FAULT_KIND.slowDisk},${FAULT_KIND.crash}`)).toEqual(['slow-disk', 'crash']);
    expect(() => parseFaultList('slow_disk')).toThrow(/slow-disk/);
  });

  it('gives a kind its row’s override rate when --faults turns it on in a fault-free scenario', () => {
    const config = drawConfig(9n, { scenario: 'kv', faults: FAULT_KINDS }, catalogue);
    expect(config.faults).toEqual(
      Object.fromEntries(FAULT_KIND_ROWS.map((row) => [row.kind, row.overrideRate])),
    );
  });
});

/** True exactly when A and B are the same union; the test above fails to compile otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
