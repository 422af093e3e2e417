/**
 * redlite's probe hook, as the world installs it: each of redlite's own probe names
 * (redlite/probes.ts) is counted under `redlite.<name>` in the one probe catalogue
 * (faults/probes.ts), so sweep reports and coverage tests see them beside the fault probes.
 * redlite imports nothing of ours; the mapping lives here, and the type below fails to compile
 * when redlite names a probe the catalogue lacks.
 */
import { probe } from '../../faults/probe.ts';
import type { ProbeName } from '../../faults/probes.ts';
import type { RedliteProbe } from '../../redlite/probes.ts';

/** The catalogue name of a redlite probe; every one must be a catalogued ProbeName. */
export function redliteProbeName(name: RedliteProbe): ProbeName {
  const full: `redlite.${RedliteProbe}` & ProbeName = `redlite.${name}`;
  return full;
}

/** The hook handed to redlite: counts the probe in the current run. */
export function countRedliteProbe(name: RedliteProbe): void {
  probe(redliteProbeName(name));
}
