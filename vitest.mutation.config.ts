/**
 * The vitest config that mutation testing runs (stryker.config.mjs): only the simulator's seed
 * set in tests/mutation/, never the ordinary suites, which `vitest.config.ts` runs and which
 * never include these files.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/mutation/**/*.mutation.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    isolate: false,
  },
});
