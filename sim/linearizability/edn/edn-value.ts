/**
 * The few EDN values a Jepsen history needs (keywords, strings, integers, nil, vectors and
 * maps with keyword keys) and their text form, as Clojure's reader reads it. It covers printing
 * only; what a Redis operation becomes is edn-mapping.ts.
 */
export type EdnValue =
  | { readonly edn: 'keyword'; readonly name: string }
  | { readonly edn: 'string'; readonly bytes: string }
  | { readonly edn: 'integer'; readonly value: bigint }
  | { readonly edn: 'nil' }
  | { readonly edn: 'vector'; readonly items: readonly EdnValue[] }
  | { readonly edn: 'map'; readonly entries: readonly (readonly [string, EdnValue])[] };

export const NIL_EDN: EdnValue = { edn: 'nil' };

export function keyword(name: string): EdnValue {
  return { edn: 'keyword', name };
}

export function vector(items: readonly EdnValue[]): EdnValue {
  return { edn: 'vector', items };
}

export function integerEdn(value: bigint | number): EdnValue {
  return { edn: 'integer', value: BigInt(value) };
}

/** Canonical decimal integers: no sign but '-', no leading zero, no "-0". */
const CANONICAL_INTEGER = /^(0|-?[1-9][0-9]{0,17})$/;

/**
 * A Redis byte string (latin1) as EDN: an integer when it is one in canonical decimal form (so
 * counters and list elements compare as numbers, and the mapping stays one-to-one), else a string.
 */
export function bytesEdn(bytes: string): EdnValue {
  if (CANONICAL_INTEGER.test(bytes)) return integerEdn(BigInt(bytes));
  return { edn: 'string', bytes };
}

export function ednText(value: EdnValue): string {
  switch (value.edn) {
    case 'keyword':
      return `:${value.name}`;
    case 'string':
      return stringText(value.bytes);
    case 'integer':
      return value.value.toString();
    case 'nil':
      return 'nil';
    case 'vector':
      return `[${value.items.map(ednText).join(' ')}]`;
    case 'map':
      return `{${value.entries.map(([key, item]) => `:${key} ${ednText(item)}`).join(', ')}}`;
  }
}

function stringText(bytes: string): string {
  let out = '"';
  for (const char of bytes) {
    const code = char.charCodeAt(0);
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
