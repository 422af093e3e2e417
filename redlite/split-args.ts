/**
 * Splits one command line into arguments the way redis-cli does (`sdssplitargs`): white space
 * separates; "double quotes" take \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' take
 * only \'; a closing quote must be followed by white space or the end. Returns null for an
 * unbalanced or malformed line. Bytes outside ASCII pass through as they are.
 */

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

/** Outside quotes a token ends only at these (sdssplitargs): \v and \f belong to the token. */
function isTokenEnd(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, a: 7 };

export function splitArgs(line: string): Buffer[] | null {
  return splitArgBytes(Buffer.from(line, 'utf8'));
}

/** splitArgs for a line given as bytes (an inline request read off a socket). */
export function splitArgBytes(line: Buffer): Buffer[] | null {
  const input = line.toString('latin1');
  const args: Buffer[] = [];
  let i = 0;
  for (let guard = 0; guard <= input.length; guard++) {
    while (isSpace(input[i])) i++;
    if (i >= input.length) return args;
    const bytes: number[] = [];
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = input[i];
      if (inDouble) {
        if (c === undefined) return null;
        if (c === '\\' && input[i + 1] === 'x' && isHex(input[i + 2]) && isHex(input[i + 3])) {
          bytes.push(Number.parseInt(input.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && input[i + 1] !== undefined) {
          i++;
          const escaped = input[i]!;
          bytes.push(ESCAPES[escaped] ?? escaped.charCodeAt(0));
        } else if (c === '"') {
          if (input[i + 1] !== undefined && !isSpace(input[i + 1])) return null;
          done = true;
        } else {
          bytes.push(c.charCodeAt(0));
        }
      } else if (inSingle) {
        if (c === undefined) return null;
        if (c === '\\' && input[i + 1] === "'") {
          i++;
          bytes.push(0x27);
        } else if (c === "'") {
          if (input[i + 1] !== undefined && !isSpace(input[i + 1])) return null;
          done = true;
        } else {
          bytes.push(c.charCodeAt(0));
        }
      } else if (c === undefined || isTokenEnd(c)) {
        done = true;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        bytes.push(c.charCodeAt(0));
      }
      if (c !== undefined) i++;
    }
    args.push(Buffer.from(bytes));
  }
  return args;
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}
