/**
 * Sweep progress for people. On a terminal, one live cli-progress line: seeds done and total,
 * seeds/s, failures, elapsed time; failure lines print above it. Off a terminal (CI logs, a
 * Kubernetes pod), a plain line every `periodMs`, so logs stay readable and small.
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
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = (done: number, failed: number) => ({
    done,
    failed,
    rate: rate(done, stopwatch),
    elapsed: formatDurationMs(stopwatch.elapsedMs()),
  });
  const bar = bars.create(total ?? 0, 0, payload(0, 0));
  return {
    update(done, failed) {
      bar.update(total === null ? 0 : done, payload(done, failed));
    },
    log: (text) => bars.log(`${text}\n`),
    stop: () => bars.stop(),
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
