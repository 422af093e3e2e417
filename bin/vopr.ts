/**
 * vopr's process entry: wires the CLI to stdout, stderr and a terminal status line, supplies
 * entropy for runs without --seed, handles SIGINT and SIGTERM, and sets the exit code.
 * Everything else lives in sim/cli.
 *
 * Signals. A world is one long synchronous loop, so a signal handler would never get a turn;
 * the CLI runs its long computations paced (sim/pacing.ts), and the pacer here gives the event
 * loop a turn every TURN_MS of wall time. A signal that arrives while a paced computation runs
 * asks it to stop: the command then writes what it has, prints one line and exits 130
 * (SIGINT) or 143 (SIGTERM). A second signal, or one that arrives when nothing paced runs
 * (a sweep, a merge), ends the process at once, as it would without this handler.
 *
 * Folders. A vopr killed with SIGKILL cannot remove its worlds' folders; every vopr removes, as
 * it starts, those whose owner is gone (faults/temp-owner.ts) and says how many.
 *
 * Output to a closed pipe (`vopr … | head`) is dropped without a word: the command still runs
 * to its end and keeps its exit code. Any other failed write to stdout makes the exit code 3.
 */
import { randomBytes } from 'node:crypto';
import { hideBin } from 'yargs/helpers';
import { removeStaleOwnedFolders } from '../faults/temp-owner.ts';
import { runCli } from '../sim/cli/main.ts';
import type { Pacer } from '../sim/pacing.ts';

/**
 * Wall time between two turns of the event loop during a paced run: short enough that a signal
 * ends a run well within a second, long enough that the turns cost next to nothing (each lets
 * V8 run its deferred foreground work; bench/sim.bench.ts measures the cost).
 */
const TURN_MS = 100;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

const EXIT_TOOL_ERROR = 3;
const isTty = process.stderr.isTTY === true;
const closed = { stdout: false, stderr: false };
/** A failed write to stdout other than a closed pipe: the output is incomplete, exit 3. */
let stdoutError: NodeJS.ErrnoException | null = null;

for (const stream of ['stdout', 'stderr'] as const) {
  process[stream].on('error', (error: NodeJS.ErrnoException) => {
    closed[stream] = true;
    if (stream === 'stdout' && error.code !== 'EPIPE') stdoutError = error;
  });
}

function write(stream: 'stdout' | 'stderr', text: string): void {
  if (!closed[stream]) process[stream].write(text);
}

let pacedRuns = 0;
let stopReason: string | null = null;
let lastTurnMs = performance.now();

function onSignal(signal: NodeJS.Signals): void {
  if (pacedRuns > 0 && stopReason === null) {
    stopReason = signal;
    return;
  }
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

for (const signal of SIGNALS) process.on(signal, onSignal);

const pacer: Pacer = {
  begin: () => {
    pacedRuns++;
  },
  end: () => {
    pacedRuns--;
  },
  turn: () => {
    const nowMs = performance.now();
    if (nowMs - lastTurnMs < TURN_MS) return null;
    lastTurnMs = nowMs;
    return new Promise((resolve) => setImmediate(resolve));
  },
  stopReason: () => stopReason,
};

const stale = removeStaleOwnedFolders();
if (stale.length > 0)
  write('stderr', `vopr: removed ${stale.length} folder(s) left by runs that were killed\n`);

const exitCode = await runCli(hideBin(process.argv), {
  out: (line) => write('stdout', `${line}\n`),
  err: (line) => write('stderr', `${line}\n`),
  status: (line) => write('stderr', `\r\x1b[K${line}`),
  isTty,
  drawSeed: () => randomBytes(8).readBigUInt64BE(),
  exitCode: 0,
  pacer,
  debug: process.env.VOPR_DEBUG === '1',
});
// stdout may be asynchronous (pipes, some devices): a write that failed reports it later, so
// wait until everything written has been handed over, and for the error event that follows a
// failed write, before judging the exit code. The stream's own error event decides.
await new Promise<void>((resolve) => {
  if (closed.stdout) resolve();
  else process.stdout.write('', () => setImmediate(resolve));
});
const failedWrite = stdoutError as NodeJS.ErrnoException | null;
if (failedWrite !== null)
  write('stderr', `vopr: cannot write to stdout: ${failedWrite.code ?? failedWrite.message}\n`);
process.exitCode = failedWrite === null ? exitCode : EXIT_TOOL_ERROR;
