/**
 * A test-only runner whose worker, at seed 3, makes a world folder where worlds make theirs,
 * writes its path to the file named by LEAK_RECORD, and kills itself with SIGKILL, as an
 * out-of-memory kill would: nothing of its own can clean up. Every other seed runs the
 * stand-in. The sweep must remove that folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBaseDir } from '../../../faults/temp-base.ts';
import type { RunOptions, RunResult } from '../../../sim/run-types.ts';
import { runSeed as standIn } from '../../support/sweep-stand-in.ts';

export const LEAKING_SEED = 3n;
export const LEAK_RECORD_ENV = 'LEAK_RECORD';

export function runSeed(options: RunOptions): RunResult {
  if (options.seed === LEAKING_SEED) {
    const folder = mkdtempSync(join(defaultBaseDir(), 'vopr-leak-'));
    writeFileSync(join(folder, 'redlite.db'), 'pages');
    const record = process.env[LEAK_RECORD_ENV];
    if (record !== undefined) writeFileSync(record, `${folder}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  return standIn(options);
}
