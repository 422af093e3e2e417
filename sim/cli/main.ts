/**
 * The vopr command line, minus the process: parses arguments with yargs (strict: unknown flags
 * are errors), runs the chosen command, and returns the exit code. Usage and input errors print
 * one line naming the problem and return 2.
 */
import yargs from 'yargs';
import { ConfigError } from '../config/ConfigError.ts';
import { COMMANDS } from './commands/index.ts';
import { type CliContext, EXIT_USAGE, setCliContext, UsageError } from './context.ts';

function isInputError(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof ConfigError;
}

export async function runCli(args: readonly string[], context: CliContext): Promise<number> {
  setCliContext(context);
  context.exitCode = 0;
  let usageMessage: string | null = null;
  const parser = yargs([...args])
    .scriptName('vopr')
    .usage(
      '$0 [command] [options]\n\nDeterministic simulation testing for redlite. `vopr --seed N` runs one world.',
    )
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      // Throwing stops yargs before any handler runs; returning would let the command run.
      if (error !== undefined) throw error;
      throw new UsageError(message ?? 'invalid arguments');
    });
  for (const command of COMMANDS) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (error) {
    if (!isInputError(error)) throw error;
    usageMessage = error.message;
  }
  if (usageMessage !== null) {
    context.err(`vopr: ${String(usageMessage).split('\n')[0]} (see vopr --help)`);
    return EXIT_USAGE;
  }
  return context.exitCode;
}
