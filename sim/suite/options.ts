/**
 * Option checks shared by the check commands, so their messages read alike: a named error
 * that names the option and shows the bad value (docs/architecture.md, principle 5), whole
 * numbers within bounds, and `--filter WORD` choosing checks by a part of their name, the way
 * upstream's `redlite-dst properties --filter incr` does. The CLI turns SuiteOptionError into
 * exit code 2.
 */

export class SuiteOptionError extends Error {
  readonly option: string;
  constructor(option: string, value: unknown, reason: string) {
    super(`${option}: ${reason} (got ${JSON.stringify(value)})`);
    this.name = 'SuiteOptionError';
    this.option = option;
  }
}

/** A whole number in [min, max], or `fallback` when absent. */
export function wholeNumberOption(
  option: string,
  value: number | undefined,
  bounds: { min: number; max: number },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    throw new SuiteOptionError(option, value, `expected a whole number from ${bounds.min} to ${bounds.max}`);
  }
  return value;
}

/**
 * The names that contain `filter` (case-insensitive), in catalogue order; all of them without
 * a filter. A filter that matches nothing is an error listing the names, not an empty pass.
 */
export function filterNames(names: readonly string[], filter: string | undefined): string[] {
  if (filter === undefined) return [...names];
  const word = filter.trim().toLowerCase();
  if (word === '') throw new SuiteOptionError('--filter', filter, 'expected a word');
  const chosen = names.filter((name) => name.toLowerCase().includes(word));
  if (chosen.length === 0) {
    throw new SuiteOptionError('--filter', filter, `no check matches; the checks are ${names.join(', ')}`);
  }
  return chosen;
}
