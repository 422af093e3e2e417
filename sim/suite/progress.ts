/**
 * Progress for the check commands. On a terminal, one live cli-progress bar on stderr (units
 * done of the total and what is running), with result lines printed above it; off a terminal (CI
 * logs, a Kubernetes pod) no bar at all: the commands print a plain line per finished check,
 * and the long-running ones (fuzz, soak) a plain status line now and then.
 */
import cliProgress from 'cli-progress';

export interface SuiteProgressOutput {
  /** Result lines: stdout. */
  line(text: string): void;
  /** Status lines: stderr, so stdout holds only results. */
  status(text: string): void;
}

export interface SuiteProgress {
  update(done: number, total: number | null, label: string): void;
  /** Prints a result line without tearing the live bar. */
  log(text: string): void;
  /** Prints a status line: above the bar on a terminal, on stderr otherwise. */
  note(text: string): void;
  stop(): void;
}

function plainProgress(output: SuiteProgressOutput): SuiteProgress {
  return {
    update: () => {},
    log: (text) => output.line(text),
    note: (text) => output.status(text),
    stop: () => {},
  };
}

/** Clears the terminal line the bar is drawn on. */
const CLEAR_LINE = '\r\x1b[K';

function ttyProgress(stream: NodeJS.WriteStream, output: SuiteProgressOutput): SuiteProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {value}/{total} {label}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(1, 0, { label: '' });
  // cli-progress draws on a timer, which never fires while a suite runs synchronously (smoke
  // and properties hold the event loop), so every change draws at once. A result line clears
  // the bar and goes to stdout like any other result, so `vopr smoke > out.txt` keeps it;
  // the bar is drawn again below it.
  return {
    update(done, total, label) {
      bar.setTotal(total ?? Math.max(done, 1));
      bar.update(done, { label });
      bars.update();
    },
    log(text) {
      stream.write(CLEAR_LINE);
      output.line(text);
      bars.update();
    },
    note(text) {
      stream.write(`${CLEAR_LINE}${text}\n`);
      bars.update();
    },
    stop: () => bars.stop(),
  };
}

export function startSuiteProgress(
  tty: NodeJS.WriteStream | null,
  output: SuiteProgressOutput,
): SuiteProgress {
  return tty === null ? plainProgress(output) : ttyProgress(tty, output);
}
