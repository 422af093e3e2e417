/**
 * Probes prove coverage (DESIGN.md, principle 8). Every fault kind and every recovery path
 * calls `probe(name)`; a run collects the hits, a sweep adds them up, and a test asserts that a
 * sweep of the hostile scenario hits every probe in the catalogue.
 *
 * Runs in one process are sequential, so one current collector is enough: a run calls
 * `startProbes()` first and reads `probeCounts()` at the end.
 */
export class ProbeCollector {
  private readonly counts = new Map<string, number>();

  hit(name: string): void {
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

/** Records that the named fault or recovery path ran. */
export function probe(name: string): void {
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
