/**
 * Runs one command handler in process, with its output captured, the way runCli would: for
 * the tests that inject a planted target into a handler (which the command line cannot do).
 * A UsageError becomes exit code 2 with its one line on stderr, as in sim/cli/main.ts.
 */
import { EXIT_USAGE, setCliContext, UsageError } from '../../../sim/cli/context.ts';
import { type CliRun, capturingContext } from '../../support/cli-capture.ts';

export async function runHandler(handler: () => void | Promise<void>, drawn = 1n): Promise<CliRun> {
  const { context, out, err } = capturingContext(drawn);
  setCliContext(context);
  context.exitCode = 0;
  try {
    await handler();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.push(`vopr: ${error.message}`);
    return { code: EXIT_USAGE, out, err };
  }
  return { code: context.exitCode, out, err };
}

/** The last line of output, parsed as the JSON object --json promises. */
export function lastJson(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.out.at(-1) as string) as Record<string, unknown>;
}
