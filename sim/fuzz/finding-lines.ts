/**
 * How a fuzz finding reads: the input in a short printable form, where it was saved, the
 * exception's stack (its first frames), and the command that replays it.
 */
import { formatBytes } from '../format-reply.ts';
import { shellWord } from '../replay-command.ts';

const STACK_FRAMES_SHOWN = 8;

export function fuzzReplay(path: string, hangMs: number | null): string {
  const words = ['bin/vopr', 'fuzz', '--replay', path];
  if (hangMs !== null) words.push('--hang-timeout', `${hangMs}ms`);
  return words.map(shellWord).join(' ');
}

export function findingDetails(input: Buffer, savedAs: string | null, stack: string): string[] {
  const lines = [`input (${input.length} bytes): ${formatBytes(input)}`];
  if (savedAs !== null) lines.push(`saved as ${savedAs}`);
  const frames = stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, STACK_FRAMES_SHOWN);
  return [...lines, ...frames];
}
