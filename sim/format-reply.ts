/**
 * Human forms of arguments and replies for reports and logs, in the style of redis-cli:
 * `"text"`, `(integer) 5`, `(nil)`, `(error) ERR ...`, `[a, b]`. Long values are cut with a
 * note of their length, so one 64 KiB value does not drown a failure report.
 *
 * This is the simulator's only reply printer. redlite/cli.ts keeps its own on purpose: it is
 * the exact, interactive form of redis-cli (nothing cut, a nil array as `(nil)`), and redlite
 * cannot import the simulator. Here a nil array prints `(nil array)`, so a report tells it
 * apart from a nil bulk string.
 */
import type { Arg, Reply } from '../redlite/reply.ts';

const SHOWN_CHARS_MAX = 80;
const SHOWN_ITEMS_MAX = 20;

export function formatBytes(bytes: Buffer): string {
  const text = JSON.stringify(bytes.toString('latin1'));
  if (text.length <= SHOWN_CHARS_MAX) return text;
  return `${text.slice(0, SHOWN_CHARS_MAX)}..." (${bytes.length} bytes)`;
}

export function formatArg(arg: Arg): string {
  return typeof arg === 'string' && /^[\w:.+-]+$/.test(arg) && arg.length <= SHOWN_CHARS_MAX
    ? arg
    : formatBytes(typeof arg === 'string' ? Buffer.from(arg) : arg);
}

export function formatArgv(argv: readonly Arg[]): string {
  return argv.map(formatArg).join(' ');
}

export function formatReply(reply: Reply): string {
  switch (reply.type) {
    case 'simple':
      return reply.value;
    case 'error':
      return `(error) ${reply.value}`;
    case 'integer':
      return `(integer) ${reply.value.toString()}`;
    case 'bulk':
      return reply.value === null ? '(nil)' : formatBytes(reply.value);
    case 'array': {
      if (reply.value === null) return '(nil array)';
      const shown = reply.value.slice(0, SHOWN_ITEMS_MAX).map(formatReply);
      if (reply.value.length > SHOWN_ITEMS_MAX)
        shown.push(`... ${reply.value.length - SHOWN_ITEMS_MAX} more`);
      return `[${shown.join(', ')}]`;
    }
  }
}

/** The upper-case command name of an argv. */
export function commandName(argv: readonly Arg[]): string {
  const first = argv[0];
  if (first === undefined) return '';
  return (typeof first === 'string' ? first : first.toString('latin1')).toUpperCase();
}
