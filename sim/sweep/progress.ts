/**
 * Sweep progress for people. On a terminal, one live cli-progress line: seeds done and total,
 * seeds/s, failures, elapsed time; failure lines print above it. Off a terminal (CI logs, a
 * Kubernetes pod), a plain line every `periodMs`, so logs stay readable and small.
 *
 * Either way a finished seed only stores two counters: the line is drawn from them on a timer,
 * so a fast sweep costs the parent no more drawing than a slow one.
 */
import cliProgress from 'cli-progress';
import { formatDurationMs } from '../duration.ts';
import type { Stopwatch } from '../wall-clock.ts';
import { type Cancel, tickEvery } from './wall-timers.ts';

export interface ProgressOutput {
  /** Result lines (failures, report paths, the summary): stdout. */
  line(text: string): void;
  /** Progress lines: stderr, so stdout holds only results. */
  status(text: string): void;
}

export interface Progress {
  update(done: number, failed: number): void;
  /** Prints a result line without tearing the live progress line. */
  log(text: string): void;
  stop(): void;
}

function rate(done: number, stopwatch: Stopwatch): string {
  const seconds = stopwatch.elapsedMs() / 1000;
  return seconds > 0 ? (done / seconds).toFixed(1) : '0.0';
}

export function statusLine(done: number, total: number | null, failed: number, stopwatch: Stopwatch): string {
  const of = total === null ? '' : `/${total}`;
  return `${done}${of} seeds, ${rate(done, stopwatch)} seeds/s, ${failed} failed, ${formatDurationMs(stopwatch.elapsedMs())} elapsed`;
}

function plainProgress(
  total: number | null,
  stopwatch: Stopwatch,
  output: ProgressOutput,
  periodMs: number,
): Progress {
  let done = 0;
  let failed = 0;
  const cancel: Cancel = tickEvery(periodMs, () =>
    output.status(`progress: ${statusLine(done, total, failed, stopwatch)}`),
  );
  return {
    update(nowDone, nowFailed) {
      done = nowDone;
      failed = nowFailed;
    },
    log: (text) => output.line(text),
    stop: () => cancel(),
  };
}

/** Redraws of the live line per second: smooth enough to read, cheap beside the seeds. */
const TTY_REDRAWS_PER_S = 5;

function ttyProgress(total: number | null, stopwatch: Stopwatch, stream: NodeJS.WriteStream): Progress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format:
        total === null
          ? ' {done} seeds | {rate} seeds/s | {failed} failed | {elapsed}'
          : ' {bar} {done}/{total} seeds | {rate} seeds/s | {failed} failed | {elapsed}',
      hideCursor: true,
      clearOnComplete: true,
      fps: TTY_REDRAWS_PER_S,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let failed = 0;
  const payload = () => ({
    done,
    failed,
    rate: rate(done, stopwatch),
    elapsed: formatDurationMs(stopwatch.elapsedMs()),
  });
  const bar = bars.create(total ?? 0, 0, payload());
  const cancel: Cancel = tickEvery(1000 / TTY_REDRAWS_PER_S, () =>
    bar.update(total === null ? 0 : done, payload()),
  );
  return {
    update(nowDone, nowFailed) {
      done = nowDone;
      failed = nowFailed;
    },
    log: (text) => bars.log(`${text}\n`),
    stop: () => {
      cancel();
      bar.update(total === null ? 0 : done, payload());
      bars.stop();
    },
  };
}

export function startProgress(options: {
  total: number | null;
  stopwatch: Stopwatch;
  output: ProgressOutput;
  tty: NodeJS.WriteStream | null;
  periodMs: number;
}): Progress {
  if (options.tty !== null) return ttyProgress(options.total, options.stopwatch, options.tty);
  return plainProgress(options.total, options.stopwatch, options.output, options.periodMs);
}
