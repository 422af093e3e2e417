/**
 * `npm run demo`: a tiny redis-cli for redlite. Reads commands from standard input, one per
 * line, split like redis-cli (quotes and escapes), runs them on the redlite at argv[2]
 * (default ':memory:') and prints each reply the way redis-cli does. A demo, not a server.
 */
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

async function main(): Promise<void> {
  const db = Redlite.open(process.argv[2] ?? ':memory:');
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
