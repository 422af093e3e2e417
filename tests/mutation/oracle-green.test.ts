/**
 * The mutation oracle's worlds (simulator-seeds.mutation.ts) must pass on the unmutated
 * redlite, or `npm run mutate` cannot start. Importing the file registers its tests here, so
 * every test run checks the seed set once.
 */
import './simulator-seeds.mutation.ts';
