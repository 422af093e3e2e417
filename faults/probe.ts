/**
 * Probes prove coverage (docs/architecture.md, principle 8). Every fault kind and every
 * recovery path calls `probe(name)`; a run collects the hits, a sweep adds them up, and a test
 * asserts that a sweep of the hostile scenario hits every reachable probe. The names, and what
 * each one means, live in the catalogue (probes.ts); `probe()` takes only catalogued names.
 *
 * Runs in one process are sequential, so one current collector is enough: a run calls
 * `startProbes()` first and reads `probeCounts()` at the end.
 */
import { isProbeName, type ProbeName } from './probes.ts';

/** A probe name missing from the catalogue reached `probe()`, past the type checker. */
export class UnknownProbeError extends Error {
  readonly probeName: string;
  constructor(probeName: string) {
    super(`probe ${JSON.stringify(probeName)} is not in the probe catalogue (faults/probes.ts)`);
    this.name = 'UnknownProbeError';
    this.probeName = probeName;
  }
}

export class ProbeCollector {
  private readonly counts = new Map<ProbeName, number>();

  hit(name: ProbeName): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Hit counts, keys in name order so that printing them is deterministic. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of [...this.counts.keys()].sort()) out[name] = this.counts.get(name) as number;
    return out;
  }
}

let current = new ProbeCollector();

/**
 * Records that the named fault or recovery path ran. The name is checked at run time too, so a
 * cast or an untyped caller cannot slip an uncatalogued probe into a report (principle 9: a
 * simulator bug crashes).
 */
export function probe(name: ProbeName): void {
  if (!isProbeName(name)) throw new UnknownProbeError(name);
  current.hit(name);
}

/** Starts a fresh collection for a new run and returns it. */
export function startProbes(): ProbeCollector {
  current = new ProbeCollector();
  return current;
}

export function probeCounts(): Record<string, number> {
  return current.snapshot();
}
