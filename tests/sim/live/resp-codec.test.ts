/**
 * The live client's RESP2 codec: every reply type with its RESP2 type kept, frames split at any
 * byte wait for more, nesting is bounded, and bytes that are not RESP2 are refused.
 */
import { describe, expect, it } from 'vitest';
import { array, bulk, error, integer, NIL, NIL_ARRAY, type Reply, simple } from '../../../redlite/reply.ts';
import { encodeResp2 } from '../../../redlite/resp.ts';
import {
  decodeReply,
  encodeCommand,
  RespIncomplete,
  RespProtocolError,
} from '../../../sim/live/resp-codec.ts';

const REPLIES: readonly Reply[] = [
  simple('OK'),
  error('WRONGTYPE Operation against a key holding the wrong kind of value'),
  integer(-42),
  integer(2n ** 62n),
  bulk(Buffer.from([0, 13, 10, 255])),
  NIL,
  NIL_ARRAY,
  array([bulk('a'), array([integer(1), NIL]), array([])]),
];

describe('resp-codec', () => {
  it.each(REPLIES.map((reply) => [reply]))('decodes what redlite encodes: %o', (reply) => {
    const bytes = encodeResp2(reply);
    expect(decodeReply(bytes)).toEqual({ reply, next: bytes.length });
  });

  it('waits for the rest of a frame cut at any byte', () => {
    const bytes = encodeResp2(array([bulk('hello'), integer(7)]));
    for (let cut = 0; cut < bytes.length; cut++)
      expect(() => decodeReply(bytes.subarray(0, cut))).toThrow(RespIncomplete);
  });

  it('refuses a type byte RESP2 does not have, and nesting past its bound', () => {
    expect(() => decodeReply(Buffer.from('%1\r\n'))).toThrow(RespProtocolError);
    expect(() => decodeReply(Buffer.from(':12x\r\n'))).toThrow(RespProtocolError);
    expect(() => decodeReply(Buffer.from(`${'*1\r\n'.repeat(100)}:1\r\n`))).toThrow('nested deeper');
  });

  it('encodes a command as an array of bulk strings, bytes as they are', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from([0, 1])]).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\x00\x01\r\n',
    );
  });
});
