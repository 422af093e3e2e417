/**
 * Whether an argv that a deployment file or a rendered manifest runs would pass `vopr sweep`'s
 * and `vopr merge`'s own option parsing: null when it does, else the parser's message. Tests of
 * the shipped Kubernetes files and of `vopr cloud render` share it, so a renamed flag fails both.
 */
import yargs from 'yargs';
import { mergeCommand } from '../../sim/cli/commands/merge.ts';
import { withSweepOptions } from '../../sim/cli/commands/sweep.ts';

export async function sweepArgvProblem(argv: string[]): Promise<string | null> {
  try {
    await yargs(argv)
      .strict()
      .exitProcess(false)
      .fail((message: string | null, error: Error | undefined) => {
        throw error ?? new Error(message ?? 'invalid');
      })
      .command({
        command: 'sweep',
        describe: 'sweep',
        builder: (y) => withSweepOptions(y),
        handler: () => {},
      })
      .command({ ...mergeCommand, handler: () => {} })
      .parseAsync();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
