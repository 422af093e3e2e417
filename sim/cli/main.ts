/**
 * The vopr command line, minus the process: parses arguments with yargs (strict: unknown flags
 * are errors, and so is a flag given twice), runs the chosen command, and returns the exit
 * code. This is the one place errors become exit codes: an InputError prints one line naming
 * the problem and returns 2; a ToolError (a write that failed) prints one line and returns 3;
 * anything else is an internal error, one line and 3, with the stack only under VOPR_DEBUG=1.
 */
import yargs from 'yargs';
import { InputError, ToolError } from '../error-kinds.ts';
import { toolInfo } from '../trace/tool-info.ts';
import { COMMANDS } from './commands/index.ts';
import {
  type CliContext,
  EXIT_PASS,
  EXIT_TOOL_ERROR,
  EXIT_USAGE,
  setCliContext,
  UsageError,
} from './context.ts';

/** Options that may be given more than once (each adds a file). */
const REPEATABLE = new Set(['_', 'report', 'reports']);

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** One line for the version: what a bug report needs to name the build. */
export function versionLine(): string {
  const info = toolInfo();
  const commit = info.tool.commit ?? 'unknown commit';
  return `${info.tool.name} ${info.tool.version} (${commit}), Node ${info.node}, SQLite ${info.sqlite ?? 'unknown'}`;
}

/** Refuses a flag given twice: yargs would make it an array that no command expects. */
function refuseRepeats(argv: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(argv)) {
    // yargs adds a camel-case copy of each dashed name; the dashed one is what was typed.
    if (REPEATABLE.has(name) || /[A-Z]/.test(name) || !Array.isArray(value)) continue;
    const flag = name.length === 1 ? `-${name}` : `--${name}`;
    throw new UsageError(
      `invalid ${flag}: ${JSON.stringify(value.join(' '))} (expected one value, given once)`,
    );
  }
}

/** The exit code for an error a command threw, after printing it as one line. */
function reportError(error: unknown, context: CliContext): number {
  if (error instanceof InputError) {
    context.err(`vopr: ${firstLine(error.message)} (see vopr --help)`);
    return EXIT_USAGE;
  }
  if (error instanceof ToolError) {
    context.err(`vopr: ${firstLine(error.message)}`);
    return EXIT_TOOL_ERROR;
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  context.err(
    `vopr: internal error: ${name}: ${firstLine(message)}${context.debug === true ? '' : ' (VOPR_DEBUG=1 shows the stack)'}`,
  );
  if (context.debug === true && error instanceof Error && error.stack !== undefined) context.err(error.stack);
  return EXIT_TOOL_ERROR;
}

export async function runCli(args: readonly string[], context: CliContext): Promise<number> {
  setCliContext(context);
  context.exitCode = EXIT_PASS;
  if (args.includes('--version')) {
    context.out(versionLine());
    return EXIT_PASS;
  }
  const parser = yargs([...args])
    .scriptName('vopr')
    .usage(
      '$0 [command] [options]\n\nDeterministic simulation testing for redlite. `vopr --seed N` runs one world.\n' +
        'Exit codes: 0 pass, 1 failure found, 2 usage or input error, 3 tool error, 130/143 interrupted.',
    )
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .option('version', {
      type: 'boolean',
      describe: 'print the version, git commit, Node and SQLite versions',
    })
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .middleware(refuseRepeats, true)
    .fail((message: string | null, error: Error | undefined) => {
      // Throwing stops yargs before any handler runs; returning would let the command run.
      if (error !== undefined) throw error;
      throw new UsageError(message ?? 'invalid arguments');
    });
  for (const command of COMMANDS) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error, context);
  }
  return context.exitCode;
}
