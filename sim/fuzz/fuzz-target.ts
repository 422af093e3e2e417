/**
 * Fuzzing one target for its time budget: start from its corpus folder, run worker sessions
 * (sim/fuzz/fuzz-session.ts), save every corpus entry a session keeps, and turn the way the
 * session ended into a check result. A session that reports a hang is not believed at once:
 * the input runs again alone in a fresh worker under the same budget, and only a second
 * timeout makes it a finding; a one-off stall (a busy machine) restarts fuzzing from the
 * corpus with a derived seed, at most RESTARTS_MAX times.
 */
import { deriveSeed } from '../random/index.ts';
import { failed, passed } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { addToCorpus, readCorpus, writeFinding } from './corpus-files.ts';
import { findingDetails, fuzzReplay } from './finding-lines.ts';
import { runFuzzSession, type SessionEnd, type SessionStats } from './fuzz-session.ts';
import type { FuzzOptions } from './options.ts';
import { withScratchFolder } from './scratch-folder.ts';
import type { TargetEntry } from './targets/catalogue.ts';

/** Restarts after stalls that did not reproduce as hangs, before giving up on the target. */
export const RESTARTS_MAX = 5;
/** Off a terminal, a status line this often. */
const NOTE_EVERY_MS = 10_000;

interface Tally {
  execs: number;
  corpusStart: number;
  corpusAdded: number;
  features: number;
  restarts: number;
}

function statusLine(name: string, tally: Tally, stats: SessionStats, elapsedMs: number): string {
  const execs = tally.execs + stats.execs;
  const rate = elapsedMs > 0 ? Math.round((execs / elapsedMs) * 1000) : 0;
  return `${name}: ${(elapsedMs / 1000).toFixed(0)}s, ${execs} execs (${rate}/s), corpus ${tally.corpusStart + tally.corpusAdded}, ${stats.features} features`;
}

function resultOf(
  entry: TargetEntry,
  end: SessionEnd,
  tally: Tally,
  wallMs: number,
  options: FuzzOptions,
): CheckResult {
  const perSecond = wallMs > 0 ? (tally.execs / wallMs) * 1000 : 0;
  const corpus = tally.corpusStart + tally.corpusAdded;
  const figures = {
    execs: tally.execs,
    execs_per_s: Math.round(perSecond),
    corpus_size: corpus,
    corpus_added: tally.corpusAdded,
    features: tally.features,
    restarts: tally.restarts,
  };
  const summary =
    `${tally.execs} execs (${Math.round(perSecond)}/s), corpus ${corpus} (+${tally.corpusAdded}), ` +
    `${tally.features} coverage features${tally.restarts > 0 ? `, ${tally.restarts} stall restart(s)` : ''}`;
  switch (end.kind) {
    case 'stopped':
    case 'runs':
    case 'replayed':
      return passed(entry.name, summary, figures, wallMs);
    case 'crash': {
      const path = writeFinding(options.crashDir, 'crash', entry.name, end.input);
      return failed(entry.name, summary, figures, wallMs, {
        message: `crash: ${end.error}`,
        details: findingDetails(end.input, path, end.stack),
        replay: fuzzReplay(path, null),
      });
    }
    case 'hang': {
      const path = writeFinding(options.crashDir, 'hang', entry.name, end.input);
      return failed(entry.name, summary, figures, wallMs, {
        message: `hang: one input ran past ${options.hangMs} ms, twice`,
        details: findingDetails(end.input, path, ''),
        replay: fuzzReplay(path, options.hangMs),
      });
    }
    case 'worker-died': {
      const path = end.input === null ? null : writeFinding(options.crashDir, 'crash', entry.name, end.input);
      return failed(entry.name, summary, figures, wallMs, {
        message: `the worker died: ${end.error}`,
        details:
          end.input === null ? ['the input it was running is unknown'] : findingDetails(end.input, path, ''),
        replay: path === null ? null : fuzzReplay(path, null),
      });
    }
  }
}

export function fuzzTarget(
  entry: TargetEntry,
  options: FuzzOptions,
  observer: SuiteObserver,
  stopReason: () => string | null = () => null,
): Promise<CheckResult> {
  return withScratchFolder(entry.name, async (scratchDir) => {
    const stopwatch = startStopwatch();
    const corpusDir = `${options.corpusDir}/${entry.name}`;
    const corpus = readCorpus(corpusDir);
    const tally: Tally = { execs: 0, corpusStart: corpus.length, corpusAdded: 0, features: 0, restarts: 0 };
    let noteAtMs = NOTE_EVERY_MS;
    for (;;) {
      const elapsedMs = stopwatch.elapsedMs();
      const { end, stats } = await runFuzzSession(
        {
          mode: 'fuzz',
          targetModule: entry.module,
          scratchDir,
          seed:
            tally.restarts === 0 ? options.seed : deriveSeed(options.seed, `fuzz-restart:${tally.restarts}`),
          inputs: corpus,
          runsMax: options.runsMax === null ? null : Math.max(1, options.runsMax - tally.execs),
          batchSize: options.batchSize,
          hangMs: options.hangMs,
          timeBudgetMs: Math.max(1, options.timeBudgetMs - elapsedMs),
          stopReason,
        },
        {
          corpus: (input) => {
            corpus.push(input);
            if (addToCorpus(corpusDir, input)) tally.corpusAdded++;
          },
          tick: (now) => {
            const elapsed = stopwatch.elapsedMs();
            const line = statusLine(entry.name, tally, now, elapsed);
            observer.progress?.(
              Math.min(Math.round(elapsed / 1000), options.timeBudgetMs / 1000),
              options.timeBudgetMs / 1000,
              line,
            );
            if (elapsed >= noteAtMs) {
              observer.note?.(`fuzz ${line}`);
              noteAtMs += NOTE_EVERY_MS;
            }
          },
        },
      );
      tally.execs += stats.execs;
      tally.features = Math.max(tally.features, stats.features);
      if (end.kind !== 'hang') return resultOf(entry, end, tally, stopwatch.elapsedMs(), options);
      const again = await runFuzzSession({
        mode: 'replay',
        targetModule: entry.module,
        scratchDir,
        seed: options.seed,
        inputs: [end.input],
        runsMax: null,
        batchSize: 1,
        hangMs: options.hangMs,
        timeBudgetMs: null,
      });
      if (again.end.kind === 'hang') return resultOf(entry, end, tally, stopwatch.elapsedMs(), options);
      if (again.end.kind !== 'replayed')
        return resultOf(entry, again.end, tally, stopwatch.elapsedMs(), options);
      tally.restarts++;
      observer.note?.(
        `fuzz ${entry.name}: an input stalled past ${options.hangMs} ms once but not when rerun; restarting`,
      );
      if (
        tally.restarts > RESTARTS_MAX ||
        stopwatch.elapsedMs() >= options.timeBudgetMs ||
        stopReason() !== null
      ) {
        return resultOf(entry, { kind: 'stopped' }, tally, stopwatch.elapsedMs(), options);
      }
    }
  });
}
