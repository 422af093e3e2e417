/**
 * The probe catalogue (faults/probes.ts) against the code. Names follow one style; every probe
 * has a one-line description; every probe-shaped name in the source is catalogued; every
 * catalogued probe is called by the layer the catalogue says (redlite's own under its own
 * names, redlite/probes.ts); and `probe()` refuses an uncatalogued name both to the type
 * checker and at run time. Whether a sweep actually hits
 * the probes is the coverage tests' job (tests/sim/fault-driver/probe-coverage.test.ts and
 * tests/faults/determinism.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { probe, probeCounts, startProbes, UnknownProbeError } from '../../faults/probe.ts';
import {
  FAULTS_LAYER_PROBE_NAMES,
  isProbeName,
  PROBE_NAMES,
  PROBES,
  type ProbeName,
  REACHABLE_PROBE_NAMES,
  UNREACHABLE_PROBES,
} from '../../faults/probes.ts';
import { REDLITE_PROBES } from '../../redlite/probes.ts';
import { lineOf, sourceFiles } from '../support/source-files.ts';

const NAME_STYLE = /^(fault|recovery|sim|redlite)\.[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** A quoted string that looks like a probe name in any style, hyphens included. */
const PROBE_SHAPED = /['"`]((?:fault|recovery|sim)\.[A-Za-z0-9_.-]+)['"`]/g;
/** The two tables that list probe names without calling them. */
const TABLES = ['faults/probes.ts', 'sim/config/fault-vocabulary.ts'];

const sources = sourceFiles(['redlite', 'faults', 'sim', 'scenarios', 'bin']);

/** Every probe-shaped string literal outside the tables, with where it is. */
function probeLiterals(): { name: string; where: string }[] {
  const found: { name: string; where: string }[] = [];
  for (const file of sources) {
    if (TABLES.includes(file.path)) continue;
    for (const match of file.text.matchAll(PROBE_SHAPED)) {
      found.push({ name: match[1] as string, where: `${file.path}:${lineOf(file.text, match.index)}` });
    }
  }
  return found;
}

describe('the probe catalogue', () => {
  it('names every probe area.snake_case, in one of four areas', () => {
    expect(PROBE_NAMES.filter((name) => !NAME_STYLE.test(name))).toEqual([]);
    expect(PROBE_NAMES).toEqual([...new Set(PROBE_NAMES)].sort());
  });

  it('describes every probe in one line, and gives every unreachable probe a reason', () => {
    for (const name of PROBE_NAMES) {
      const { description } = PROBES[name];
      expect(description, name).toMatch(/^[A-Z].*\.$/);
      expect(description, name).not.toContain('\n');
    }
    for (const [name, reason] of Object.entries(UNREACHABLE_PROBES)) expect(reason, name).toMatch(/\w{3}/);
    expect(REACHABLE_PROBE_NAMES.length + Object.keys(UNREACHABLE_PROBES).length).toBe(PROBE_NAMES.length);
  });

  it('holds every probe-shaped name the source spells', () => {
    const literals = probeLiterals();
    // redlite spells its probes by its own names, without the area (checked below).
    const spelledByArea = PROBE_NAMES.filter((name) => !name.startsWith('redlite.'));
    expect(literals.length).toBeGreaterThan(spelledByArea.length);
    const strays = literals
      .filter(({ name }) => !isProbeName(name))
      .map(({ name, where }) => `${where} ${name}`);
    expect(strays).toEqual([]);
  });

  it('has a call site for every probe, in the layer the catalogue names', () => {
    const literals = probeLiterals();
    const spelledIn = (folder: string): Set<string> =>
      new Set(literals.filter(({ where }) => where.startsWith(`${folder}/`)).map(({ name }) => name));
    const inFaults = spelledIn('faults');
    const inSim = spelledIn('sim');
    expect(FAULTS_LAYER_PROBE_NAMES.filter((name) => !inFaults.has(name))).toEqual([]);
    const simLayer = PROBE_NAMES.filter((name) => PROBES[name].layer === 'sim');
    expect(simLayer.filter((name) => !inSim.has(name))).toEqual([]);
    expect(simLayer.filter((name) => inFaults.has(name))).toEqual([]);
  });

  it("holds redlite's own probes as redlite.<name>, each announced somewhere in redlite", () => {
    const catalogued = PROBE_NAMES.filter((name) => PROBES[name].layer === 'redlite');
    expect(catalogued).toEqual(PROBE_NAMES.filter((name) => name.startsWith('redlite.')));
    expect(catalogued).toEqual(REDLITE_PROBES.map((name) => `redlite.${name}`).sort());
    const redlite = sources.filter(
      (file) => file.path.startsWith('redlite/') && file.path !== 'redlite/probes.ts',
    );
    for (const name of REDLITE_PROBES) {
      const announced = redlite.some((file) => new RegExp(`probe\\??\\.?\\('${name}'\\)`).test(file.text));
      expect(announced, name).toBe(true);
    }
  });

  it('lets probe() take only catalogued names, at compile time and at run time', () => {
    startProbes();
    const name: ProbeName = 'fault.crash';
    probe(name);
    expect(probeCounts()).toEqual({ 'fault.crash': 1 });
    // @ts-expect-error: an uncatalogued name is not a ProbeName, so the type checker refuses it.
    expect(() => probe('fault.uncatalogued')).toThrow(UnknownProbeError);
    expect(() => probe('sim.expire-cycle-removed' as ProbeName)).toThrow(/not in the probe catalogue/);
    expect(probeCounts()).toEqual({ 'fault.crash': 1 });
  });
});
