/**
 * Failure deduplication. Two failures share a signature when they broke the same invariant on
 * the same command: a hundred seeds tripping one bug read as one line, with a count and one
 * example to replay. The signature deliberately ignores the seed, scenario and values.
 */
import type { FailureRecord, Signature } from './types.ts';

export function signatureOf(invariant: string, command: string | null): string {
  return `${invariant} ${command ?? '-'}`;
}

/** Folds failures into signatures; order is first appearance, and counts add up. */
export function addSignatures(into: Map<string, Signature>, failures: Iterable<FailureRecord>): void {
  for (const failure of failures) {
    const key = signatureOf(failure.invariant, failure.command);
    const known = into.get(key);
    if (known === undefined) {
      into.set(key, {
        signature: key,
        invariant: failure.invariant,
        command: failure.command,
        count: 1,
        example_seed: failure.seed,
        example_replay: failure.replay,
        scenarios: [failure.scenario],
      });
      continue;
    }
    known.count++;
    if (!known.scenarios.includes(failure.scenario)) known.scenarios.push(failure.scenario);
  }
}

/** Joins signature lists (from shards), summing counts; the most frequent come first. */
export function mergeSignatures(lists: Iterable<Signature[]>): Signature[] {
  const merged = new Map<string, Signature>();
  for (const list of lists) {
    for (const signature of list) {
      const known = merged.get(signature.signature);
      if (known === undefined) {
        merged.set(signature.signature, { ...signature, scenarios: [...signature.scenarios] });
        continue;
      }
      known.count += signature.count;
      for (const scenario of signature.scenarios)
        if (!known.scenarios.includes(scenario)) known.scenarios.push(scenario);
    }
  }
  return sortSignatures([...merged.values()]);
}

export function sortSignatures(signatures: Signature[]): Signature[] {
  return signatures.sort((a, b) => b.count - a.count || a.signature.localeCompare(b.signature));
}
