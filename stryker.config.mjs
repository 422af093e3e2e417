/**
 * Mutation testing of redlite (`npm run mutate`): Stryker plants one small bug at a time in
 * redlite/ and runs the simulator's fixed seed set (tests/mutation/) against it. The mutation
 * score is the share of planted bugs the simulator notices; the survivors show what it misses.
 * See the README's "Mutation testing" section.
 *
 * Shards: MUTATE_SHARD names a file or folder under redlite/ (`MUTATE_SHARD=commands`,
 * `MUTATE_SHARD=commands/strings.ts`); the shard gets its own reports and its own incremental
 * file under reports/mutation/, so shards run one after another (or on different machines)
 * without undoing each other's incremental results. Without it, the whole of redlite/.
 *
 * Not in CI: a run over redlite/commands/ takes about two hours on two busy cores.
 */
const shard = process.env.MUTATE_SHARD?.replace(/^redlite\//, '').replace(/\/$/, '') ?? '';
const shardName = shard === '' ? 'redlite' : shard.replace(/\.ts$/, '').replaceAll('/', '-');
const mutate =
  shard === ''
    ? ['redlite/**/*.ts']
    : shard.endsWith('.ts')
      ? [`redlite/${shard}`]
      : [`redlite/${shard}/**/*.ts`];
const reportDir = `reports/mutation/${shardName}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate,
  // Only tests whose seeds reach a mutant run against it.
  coverageAnalysis: 'perTest',
  // Rerun only mutants whose code or covering seeds changed. The incremental file is a run's
  // output, large and specific to the machine's last run, so it lives in git-ignored reports/.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The machine is small and shared: two sandboxes at most.
  concurrency: 2,
  // A mutant that loops (a bound off by one, a cursor that never ends) is a timeout, which
  // Stryker counts as detected; the generous factor keeps a loaded machine from faking one.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The native shim is rebuilt in each sandbox from faults/vfs/; a stale copy is never used.
  ignorePatterns: ['/build', '/coverage', '/.vopr-tmp'],
  thresholds: { high: 80, low: 60, break: null },
};
