/**
 * `npm run demo`: a tiny redis-cli for redlite. Reads commands from standard input, one per
 * line, split like redis-cli (quotes and escapes), runs them on the redlite at argv[2]
 * (default ':memory:') and prints each reply the way redis-cli does. A demo, not a server.
 * A path that cannot be opened (a folder, a missing folder, not a database) is one line on
 * stderr and exit 2, never a stack trace.
 */
import { statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Redlite } from './Redlite.ts';
import type { Reply } from './reply.ts';
import { splitArgs } from './split-args.ts';

/** redis-cli's quoting of a bulk string: printable ASCII as is, the rest escaped. */
function quote(bytes: Buffer): string {
  let text = '"';
  for (const byte of bytes) {
    if (byte === 0x5c) text += '\\\\';
    else if (byte === 0x22) text += '\\"';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x0d) text += '\\r';
    else if (byte === 0x09) text += '\\t';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${text}"`;
}

export function formatReply(reply: Reply, indent = ''): string {
  switch (reply.type) {
    case 'simple':
      return reply.value;
    case 'error':
      return `(error) ${reply.value}`;
    case 'integer':
      return `(integer) ${reply.value.toString()}`;
    case 'bulk':
      return reply.value === null ? '(nil)' : quote(reply.value);
    case 'array': {
      if (reply.value === null) return '(nil)';
      if (reply.value.length === 0) return '(empty array)';
      const width = String(reply.value.length).length;
      return reply.value
        .map((item, i) => {
          const label = `${String(i + 1).padStart(width)}) `;
          const body = formatReply(item, `${indent}${' '.repeat(label.length)}`);
          return `${i === 0 ? '' : indent}${label}${body}`;
        })
        .join('\n');
    }
  }
}

const EXIT_USAGE = 2;

/** Why `path` cannot hold a database, checked before SQLite gives a vaguer answer; null if it may. */
function pathProblem(path: string): string | null {
  if (path === ':memory:') return null;
  try {
    return statSync(path).isDirectory() ? 'it is a folder; give a database file' : null;
  } catch {
    return null;
  }
}

function open(path: string): Redlite | null {
  const problem = pathProblem(path);
  if (problem !== null) {
    console.error(`redlite demo: cannot open ${path}: ${problem}`);
    return null;
  }
  try {
    return Redlite.open(path);
  } catch (error) {
    console.error(`redlite demo: cannot open ${path}: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

async function main(): Promise<void> {
  const db = open(process.argv[2] ?? ':memory:');
  if (db === null) {
    process.exitCode = EXIT_USAGE;
    return;
  }
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const argv = splitArgs(line);
    if (argv === null) {
      console.log('Invalid argument(s)');
      continue;
    }
    if (argv.length === 0) continue;
    console.log(formatReply(db.exec(argv)));
  }
  db.close();
}

await main();
