/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order, or only those whose names
 * contain one of the command-line words. Each bench module exports `run(): Promise<void>` and
 * prints its own figures, as ratios taken in the same run where it can.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as { run(): Promise<void> };
  await module.run();
}
