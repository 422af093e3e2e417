import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../redlite/reply.ts';
import { encodeResp2 } from '../../../redlite/resp.ts';
import type { WorldConfig } from '../../../sim/config/WorldConfig.ts';
import type { OpEvent } from '../../../sim/events.ts';
import { runWorld } from '../../../sim/run.ts';
import type { TracedEvent } from '../../../sim/trace/format.ts';
import { decodeArg, decodeReply, encodeArg, encodeReply } from '../../../sim/trace/json-codec.ts';
import { hashTrace } from '../../../sim/trace/TraceRecorder.ts';
import { parseTrace, readTrace, TraceFormatError, TraceVersionError } from '../../../sim/trace/trace-file.ts';

/** The trace hash as docs/trace-format.md defines it, one piece at a time. */
function documentedHash(config: WorldConfig, events: readonly TracedEvent[]): string {
  const hash = createHash('sha256');
  hash.update(`${JSON.stringify({ format: 'redlite-dst-trace', version: 1, seed: config.seed, config })}\n`);
  for (const { event, reply } of events) {
    if (event.kind === 'op') {
      hash.update(`op ${event.index} ${event.atMs} ${event.client} ${event.argv.length}\n`);
      for (const arg of event.argv) {
        const bytes = Buffer.from(arg);
        hash.update(`${bytes.length} `);
        hash.update(bytes);
        hash.update('\n');
      }
    } else if (event.kind === 'timer') {
      hash.update(`timer ${event.index} ${event.atMs} ${event.timer} ${event.seed}\n`);
    }
    hash.update(reply === null ? Buffer.from('.\n') : encodeResp2(reply));
  }
  return hash.digest('hex');
}

function op(index: number, argv: OpEvent['argv']): OpEvent {
  return { index, atMs: 1000 + index, kind: 'op', client: 0, argv };
}

const folder = mkdtempSync(join(tmpdir(), 'sim-trace-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('trace JSON codec', () => {
  it('keeps printable text as strings and everything else as base64, byte for byte', () => {
    expect(encodeArg('SET')).toBe('SET');
    expect(encodeArg(Buffer.from('héllo'))).toBe('héllo');
    const binary = Buffer.from([0, 1, 2, 255, 0xc3, 10, 13]);
    const encoded = encodeArg(binary);
    expect(encoded).toEqual({ b64: binary.toString('base64') });
    expect(Buffer.from(decodeArg(JSON.parse(JSON.stringify(encoded))) as Buffer)).toEqual(binary);
    const invalidUtf8 = Buffer.from([0xff, 0xfe, 0x41]);
    expect(decodeArg(encodeArg(invalidUtf8))).toEqual(invalidUtf8);
  });

  it('round-trips every reply type exactly, as RESP bytes', () => {
    const replies: Reply[] = [
      { type: 'simple', value: 'OK' },
      { type: 'error', value: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
      { type: 'integer', value: -42 },
      { type: 'integer', value: 9223372036854775807n },
      { type: 'bulk', value: null },
      { type: 'bulk', value: Buffer.from([0, 200, 13, 10]) },
      { type: 'bulk', value: Buffer.alloc(0) },
      { type: 'array', value: null },
      {
        type: 'array',
        value: [
          { type: 'bulk', value: Buffer.from('a') },
          { type: 'array', value: [] },
        ],
      },
    ];
    for (const reply of replies) {
      const back = decodeReply(JSON.parse(JSON.stringify(encodeReply(reply))));
      expect(encodeResp2(back).equals(encodeResp2(reply))).toBe(true);
      expect(back.type).toBe(reply.type);
    }
  });
});

describe('trace files', () => {
  const path = join(folder, 'run.trace.jsonl');
  const run = runWorld({ seed: 4242n, opsMax: 200, tracePath: path });

  it('has a header, one line per event and an outcome line', () => {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(run.result.events + 2);
    const header = JSON.parse(lines[0] as string);
    expect(header).toMatchObject({ format: 'redlite-dst-trace', version: 1, seed: '4242' });
    expect(header.config.scenario).toBe(run.result.scenario);
    expect(typeof header.tool.version).toBe('string');
    expect(header.node).toBe(process.version);
    const outcome = JSON.parse(lines.at(-1) as string);
    expect(outcome).toMatchObject({ outcome: run.result.result, trace_hash: run.result.trace_hash });
  });

  it('hashes exactly the documented byte stream (docs/trace-format.md)', () => {
    expect(documentedHash(run.config, run.execution.recorder.events)).toBe(run.result.trace_hash);
  });

  it('hashes the documented bytes however text and bytes fall against its batches', () => {
    // Long text (past the recorder's text batch), multi-byte text, bytes past its byte batch,
    // and bytes between text: each moment where the recorder writes out what it gathered.
    const longText = 'é'.repeat(5000);
    const bigBytes = Buffer.alloc(70 * 1024, 7);
    const events: TracedEvent[] = [
      { event: op(0, ['SET', longText, bigBytes]), reply: { type: 'simple', value: 'OK' } },
      { event: op(1, ['GET', longText]), reply: { type: 'bulk', value: bigBytes } },
      { event: op(2, ['APPEND', 'clé', Buffer.from([0xff, 0, 10])]), reply: { type: 'integer', value: 3 } },
      ...Array.from({ length: 400 }, (_, i) => ({
        event: op(3 + i, ['SET', `k${i}ü`, 'x'.repeat(i)]),
        reply: { type: 'error', value: `ERR ${'ß'.repeat(i % 50)}` } as Reply,
      })),
    ];
    expect(hashTrace(run.config, events)).toBe(documentedHash(run.config, events));
  });

  it('reads back to the same events, replies and hash', () => {
    const parsed = readTrace(path);
    expect(parsed.events).toHaveLength(run.result.events);
    expect(parsed.outcome?.trace_hash).toBe(run.result.trace_hash);
    const recorded = run.execution.recorder.events;
    for (let i = 0; i < recorded.length; i++) {
      const mine = recorded[i];
      const theirs = parsed.events[i];
      expect(theirs?.event.index).toBe(mine?.event.index);
      expect(theirs?.event.atMs).toBe(mine?.event.atMs);
      if (mine?.reply != null && theirs?.reply != null) {
        expect(encodeResp2(theirs.reply).equals(encodeResp2(mine.reply))).toBe(true);
      }
    }
  });

  it('rejects malformed lines, a future version and altered events with named errors', () => {
    const text = readFileSync(path, 'utf8');
    const lines = text.trim().split('\n');
    const broken = [lines[0], '{not json', ...lines.slice(2)].join('\n');
    expect(() => parseTrace(broken)).toThrow(TraceFormatError);
    expect(() => parseTrace(broken)).toThrow(/trace line 2/);
    const future = [
      JSON.stringify({ ...JSON.parse(lines[0] as string), version: 2 }),
      ...lines.slice(1),
    ].join('\n');
    expect(() => parseTrace(future)).toThrow(TraceVersionError);
    const event = JSON.parse(lines[1] as string);
    const altered = [lines[0], JSON.stringify({ ...event, atMs: event.atMs + 1 }), ...lines.slice(2)].join(
      '\n',
    );
    expect(() => parseTrace(altered)).toThrow(/does not match/);
    const badKind = [lines[0], JSON.stringify({ ...event, kind: 'nap' })].join('\n');
    expect(() => parseTrace(badKind)).toThrow(/event kind/);
    writeFileSync(join(folder, 'empty.jsonl'), '');
    expect(() => readTrace(join(folder, 'empty.jsonl'))).toThrow(TraceFormatError);
  });
});
