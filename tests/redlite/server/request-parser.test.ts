/**
 * The request parser alone: requests split across any chunk boundaries parse the same, inline
 * lines split like redis-cli, big bulks arrive intact, and each protocol error yields Redis's
 * reply once and then nothing. The bytes a real Redis sends back for malformed input are
 * compared in protocol-differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type ParsedRequest, RequestParser } from '../../../redlite/server/RequestParser.ts';

const LIMITS = { bulkBytesMax: 1024 * 1024, multibulkLengthMax: 1000 };

function parseAll(chunks: readonly Buffer[], authRequired = false, limits = LIMITS): (string[] | string)[] {
  const parser = new RequestParser(limits, () => authRequired);
  const out: (string[] | string)[] = [];
  const drain = () => {
    for (let request: ParsedRequest | null = parser.next(); request !== null; request = parser.next()) {
      out.push(
        request.kind === 'command' ? request.argv.map((a) => a.toString('latin1')) : request.reply.toString(),
      );
    }
  };
  for (const chunk of chunks) {
    parser.feed(chunk);
    drain();
  }
  return out;
}

function bytewise(text: string | Buffer): Buffer[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  return [...bytes].map((b) => Buffer.from([b]));
}

const PIPELINE =
  '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n' +
  'PING\r\n' +
  '  GET   "a b"  \'c\'\n' +
  '\r\n' +
  '*0\r\n*-1\r\n' +
  '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n';

describe('RequestParser', () => {
  it('parses a pipeline the same whole or one byte at a time, skipping empty requests', () => {
    const expected = [['SET', 'k', 'hello'], ['PING'], ['GET', 'a b', 'c'], ['ECHO', '']];
    expect(parseAll([Buffer.from(PIPELINE, 'latin1')])).toEqual(expected);
    expect(parseAll(bytewise(PIPELINE))).toEqual(expected);
  });

  it('reads a big bulk straight across chunks', () => {
    const value = Buffer.alloc(200_000, 0x61);
    value[199_999] = 0x7a;
    const request = Buffer.concat([
      Buffer.from(`*2\r\n$4\r\nECHO\r\n$${value.length}\r\n`),
      value,
      Buffer.from('\r\nPING\r\n'),
    ]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < request.length; i += 7001) chunks.push(request.subarray(i, i + 7001));
    const parsed = parseAll(chunks);
    expect(parsed).toHaveLength(2);
    expect((parsed[0] as string[])[1]).toBe(value.toString('latin1'));
    expect(parsed[1]).toEqual(['PING']);
  });

  it('keeps Redis quirks: unchecked bytes after a bulk and after a count line CR', () => {
    expect(parseAll([Buffer.from('*1\rX$4\r\nPINGxy')])).toEqual([['PING']]);
  });

  it('answers each protocol error once, then nothing', () => {
    const cases: [string, string][] = [
      ['*abc\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
      ['*2147483648\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
      ['*1001\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
      ['*1\r\n:5\r\n', "-ERR Protocol error: expected '$', got ':'\r\n"],
      ['*1\r\n$-1\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['*1\r\n$1048577\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['GET "unclosed\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n'],
      ['*1\r\n\r\n', "-ERR Protocol error: expected '$', got ' '\r\n"],
    ];
    for (const [input, reply] of cases) {
      expect([input, parseAll([Buffer.from(`${input}PING\r\n`)])]).toEqual([input, [reply]]);
      expect([input, parseAll(bytewise(`${input}PING\r\n`))]).toEqual([input, [reply]]);
    }
  });

  it('refuses overlong lines, and big requests before AUTH', () => {
    expect(parseAll([Buffer.alloc(65 * 1024, 0x61)])).toEqual([
      '-ERR Protocol error: too big inline request\r\n',
    ]);
    expect(parseAll([Buffer.from(`*${'1'.repeat(65 * 1024)}`)])).toEqual([
      '-ERR Protocol error: too big mbulk count string\r\n',
    ]);
    expect(parseAll([Buffer.from(`*1\r\n$${'1'.repeat(65 * 1024)}`)])).toEqual([
      '-ERR Protocol error: too big bulk count string\r\n',
    ]);
    expect(parseAll([Buffer.from('*11\r\n')], true)).toEqual([
      '-ERR Protocol error: unauthenticated multibulk length\r\n',
    ]);
    expect(parseAll([Buffer.from('*1\r\n$16385\r\n')], true)).toEqual([
      '-ERR Protocol error: unauthenticated bulk length\r\n',
    ]);
    expect(parseAll([Buffer.from('*11\r\n')], false)).toEqual([]);
  });

  it('waits while a NUL hides the end of a line, as strchr does', () => {
    expect(parseAll([Buffer.from('PI\0NG\r\nPING\r\n')])).toEqual([]);
  });
});
