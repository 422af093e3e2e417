/**
 * A batch's result journal as the parent reads it: only whole lines, in order, however the
 * worker's appends split them; complete once every seed of the batch reported; deleted on
 * close; and a line that is not a seed report is an error naming the file.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeedReport } from '../../../sim/sweep/protocol.ts';
import { JournalLineError, ResultJournal } from '../../../sim/sweep/ResultJournal.ts';
import { tempDir } from '../../support/sweep-harness.ts';

function report(index: number, message: string): SeedReport {
  return { type: 'error', index, message, rssBytes: 1, probes: index === 0 ? { 'fault.crash': 2 } : null };
}

describe('result journal', () => {
  it('reads whole lines only, in order, and is complete after the batch', () => {
    const path = join(tempDir('journal'), 'batch.jsonl');
    const journal = new ResultJournal(path, 3);
    expect(journal.readNew()).toEqual([]);
    const lines = [report(0, 'first'), report(1, 'ünïcode ✓'), report(2, 'third')].map(
      (r) => `${JSON.stringify(r)}\n`,
    );
    const bytes = Buffer.from(lines.join(''));
    // Split inside the second line, between the two bytes of its `ü`.
    const cut = bytes.indexOf(Buffer.from('ü')) + 1;
    appendFileSync(path, bytes.subarray(0, cut));
    expect(journal.readNew()).toEqual([report(0, 'first')]);
    expect(journal.complete).toBe(false);
    appendFileSync(path, bytes.subarray(cut));
    expect(journal.readNew()).toEqual([report(1, 'ünïcode ✓'), report(2, 'third')]);
    expect(journal.complete).toBe(true);
    journal.close();
    expect(existsSync(path)).toBe(false);
    journal.close();
  });

  it('refuses a line that is not a seed report', () => {
    const path = join(tempDir('journal-bad'), 'batch.jsonl');
    const journal = new ResultJournal(path, 1);
    appendFileSync(path, '{"type":"surprise"}\n');
    expect(() => journal.readNew()).toThrow(JournalLineError);
    journal.close();
  });
});
