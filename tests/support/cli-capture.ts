/**
 * Runs the vopr command line in process with its output captured, for tests that drive the
 * real parser, strictness and exit codes without spawning bin/vopr.
 */
import type { CliContext } from '../../sim/cli/context.ts';
import { runCli } from '../../sim/cli/main.ts';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** A non-TTY context that collects stdout and stderr lines; `drawn` is the "random" seed. */
export function capturingContext(drawn: bigint): { context: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    status: () => {},
    isTty: false,
    drawSeed: () => drawn,
    exitCode: 0,
  };
  return { context, out, err };
}

/** Parses and runs `args` as bin/vopr does. */
export async function runCaptured(args: readonly string[], drawn = 1n): Promise<CliRun> {
  const { context, out, err } = capturingContext(drawn);
  return { code: await runCli(args, context), out, err };
}
