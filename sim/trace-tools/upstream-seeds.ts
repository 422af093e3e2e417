/**
 * Upstream redlite-dst's seed forms, which `vopr seeds` and `vopr replay` accept beside ours.
 * Upstream's `tests/regression_seeds.txt` holds one seed per line as `SEED TEST_TYPE
 * DESCRIPTION` (its header: "Format: SEED TEST_TYPE DESCRIPTION", example lines
 * `8675309 simulate SET/GET inconsistency under concurrent writes` and
 * `1234567 chaos Crash recovery failed with disk_full fault`), with no date and no flags; its
 * replay is `redlite-dst replay --seed 12345 --test simulate`.
 *
 * An upstream seed names a test, not a world, so each test type maps to the world flags of the
 * command it stands for here: `simulate` to the spec's simulation defaults (the mixed workload,
 * 10,000 ops, 10 clients, no faults: normal_operations), `chaos` to every fault kind at
 * hostile rates. Upstream's seeds do not reproduce upstream's worlds (another tool drew them);
 * they run as seeds of ours. The other test types are not simulator worlds: a line naming one
 * is refused with the command that replays such a seed here.
 */

/** What a test type runs as: world flags in bank order, or the command to use instead. */
export type UpstreamTest =
  | { readonly kind: 'world'; readonly flags: readonly [name: string, value: string][] }
  | { readonly kind: 'other'; readonly command: string };

export const UPSTREAM_TESTS: Readonly<Record<string, UpstreamTest>> = {
  simulate: {
    kind: 'world',
    flags: [
      ['scenario', 'mixed'],
      ['ops', '10000'],
      ['clients', '10'],
      ['faults', 'none'],
    ],
  },
  chaos: { kind: 'world', flags: [['scenario', 'hostile']] },
  properties: { kind: 'other', command: 'vopr properties --seed SEED' },
  smoke: { kind: 'other', command: 'vopr smoke --seed SEED' },
  oracle: { kind: 'other', command: 'vopr oracle --seed SEED' },
  fuzz: { kind: 'other', command: 'vopr fuzz --seed SEED' },
};

export const UPSTREAM_TEST_TYPES: readonly string[] = Object.keys(UPSTREAM_TESTS);

/** An upstream bank line: a seed, a test type (a lower-case word), then the description. */
export const UPSTREAM_LINE = /^\s*(\d+|0x[0-9a-fA-F]+)\s+([a-z_]+)\s+(\S.*?)\s*$/;

/** Why a test type cannot be banked as a world, or null when it can. */
export function upstreamTestProblem(testType: string, seed: bigint): string | null {
  const test = UPSTREAM_TESTS[testType];
  if (test === undefined) {
    return `unknown upstream test type ${JSON.stringify(testType)} (expected ${UPSTREAM_TEST_TYPES.join(', ')})`;
  }
  if (test.kind === 'other') {
    return `an upstream ${testType} seed is not a simulator world: replay it with \`${test.command.replace('SEED', String(seed))}\``;
  }
  return null;
}

/** The world flags of a test type that is a world (check upstreamTestProblem first). */
export function upstreamWorldFlags(testType: string): [string, string][] {
  const test = UPSTREAM_TESTS[testType];
  return test?.kind === 'world' ? test.flags.map(([name, value]) => [name, value]) : [];
}
