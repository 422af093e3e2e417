/**
 * TypeScript literals for generated code, in the house style (single quotes, unquoted keys
 * where they are identifiers, short arrays and objects on one line), so an emitted test reads
 * like hand-written code. Only JSON-like data: strings, numbers, booleans, null, arrays, objects.
 */
const LINE_CHARS_MAX = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function stringLiteral(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}'`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** A literal for `value`, indented as if it started at column `indent`. */
export function literal(value: unknown, indent = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    const items = value.map((item) => literal(item, indent + 2));
    const inline = `[${items.join(', ')}]`;
    if (inline.length + indent <= LINE_CHARS_MAX && !inline.includes('\n')) return inline;
    return `[\n${items.map((item) => `${pad}${item},`).join('\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([name, item]) => `${key(name)}: ${literal(item, indent + 2)}`,
  );
  if (entries.length === 0) return '{}';
  const inline = `{ ${entries.join(', ')} }`;
  if (inline.length + indent <= LINE_CHARS_MAX && !inline.includes('\n') && indent > 0) return inline;
  return `{\n${entries.map((entry) => `${pad}${entry},`).join('\n')}\n${' '.repeat(indent)}}`;
}
