/**
 * TraceRecorder: keeps a run's events and replies in memory and hashes them as they come, so
 * the trace hash costs one pass and no JSON. The hash is SHA-256 over a canonical byte
 * encoding (docs/trace-format.md): the canonical header line, then per event one text line of
 * its fixed fields, each argument as `<byte length> <bytes>\n`, and the reply as RESP2 bytes
 * (`.\n` when there is none). Wall-clock data never enters it. JSON lines are made only when
 * a trace file is written.
 *
 * A recorder made with a `tailMax` keeps only about its last `tailMax` events (what a failure
 * report prints), so a run of millions of events holds bounded memory; its trace file, if any,
 * is written as the run goes (sim/trace/trace-file.ts's TraceFileWriter).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Reply } from '../../redlite/reply.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import { canonicalHeader, eventLine, type TracedEvent, type TracedWakeup } from './format.ts';

/** Bytes gathered before one hash update: hashing many tiny pieces costs more than the bytes. */
const BATCH_BYTES = 64 * 1024;
/** UTF-8 takes at most three bytes per UTF-16 code unit (a surrogate pair takes four for two). */
const UTF8_BYTES_PER_UNIT_MAX = 3;
/** Text gathered before it is written: its UTF-8 always fits an empty batch. */
const TEXT_UNITS_MAX = 4 * 1024;

/**
 * Feeds a hash in batches, so that the digest is that of the pieces' concatenation. Text is
 * gathered as one string and written into a reused buffer only when bytes come or the text is
 * long: one UTF-8 write per run of text rather than one per piece (each write is a native call,
 * and an op's event line, arguments and reply are a dozen small pieces). The buffer is hashed
 * whenever the next write might not fit; a piece larger than the buffer is hashed on its own.
 */
class BatchedHash {
  private readonly hash: Hash;
  private readonly buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private text = '';

  constructor(hash: Hash) {
    this.hash = hash;
  }

  addText(text: string): void {
    this.text += text;
    if (this.text.length >= TEXT_UNITS_MAX) this.writeText();
  }

  addBytes(bytes: Buffer): void {
    if (this.text.length > 0) this.writeText();
    if (bytes.length > BATCH_BYTES - this.used) {
      this.flush();
      if (bytes.length > BATCH_BYTES) {
        this.hash.update(bytes);
        return;
      }
    }
    this.used += bytes.copy(this.buffer, this.used);
  }

  digest(): string {
    if (this.text.length > 0) this.writeText();
    this.flush();
    return this.hash.digest('hex');
  }

  private writeText(): void {
    const text = this.text;
    this.text = '';
    const bytesMax = text.length * UTF8_BYTES_PER_UNIT_MAX;
    if (bytesMax > BATCH_BYTES - this.used) {
      this.flush();
      if (bytesMax > BATCH_BYTES) {
        this.hash.update(text, 'utf8');
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.hash.update(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** The reply's RESP2 bytes, fed piecewise: the same bytes as encodeResp2, without building them. */
function hashReply(hash: BatchedHash, reply: Reply): void {
  switch (reply.type) {
    case 'simple':
      hash.addText(`+${reply.value}\r\n`);
      return;
    case 'error':
      hash.addText(`-${reply.value}\r\n`);
      return;
    case 'integer':
      hash.addText(`:${reply.value.toString()}\r\n`);
      return;
    case 'bulk':
      if (reply.value === null) {
        hash.addText('$-1\r\n');
        return;
      }
      hash.addText(`$${reply.value.length}\r\n`);
      hash.addBytes(reply.value);
      hash.addText('\r\n');
      return;
    case 'array':
      if (reply.value === null) {
        hash.addText('*-1\r\n');
        return;
      }
      hash.addText(`*${reply.value.length}\r\n`);
      for (const item of reply.value) hashReply(hash, item);
      return;
  }
}

function hashEvent(
  hash: BatchedHash,
  event: SimEvent,
  reply: Reply | null,
  woken?: readonly TracedWakeup[],
): void {
  switch (event.kind) {
    case 'op': {
      hash.addText(`op ${event.index} ${event.atMs} ${event.client} ${event.argv.length}\n`);
      // A switch is part of the world; ops without one hash as they always did.
      if (event.pause !== undefined) hash.addText(`pause ${event.pause}\n`);
      if (event.inside !== undefined) hash.addText(`inside ${event.inside}\n`);
      for (const arg of event.argv) {
        if (typeof arg === 'string') {
          hash.addText(`${Buffer.byteLength(arg)} ${arg}\n`);
        } else {
          hash.addText(`${arg.length} `);
          hash.addBytes(arg);
          hash.addText('\n');
        }
      }
      break;
    }
    case 'timer':
      hash.addText(`timer ${event.index} ${event.atMs} ${event.timer} ${event.seed}\n`);
      break;
    case 'fault':
      hash.addText(
        `fault ${event.index} ${event.atMs} ${event.fault} ${event.seed} ${JSON.stringify(event.params ?? null)}\n`,
      );
      break;
  }
  if (reply === null) hash.addText('.\n');
  else hashReply(hash, reply);
  // Only events that woke someone hash more, so traces without sessions keep their hashes.
  for (const wakeup of woken ?? []) {
    hash.addText(`woken ${wakeup.client}\n`);
    hashReply(hash, wakeup.reply);
  }
}

export class TailOnlyRecorderError extends Error {
  constructor(tailMax: number) {
    super(`TraceRecorder: this recorder keeps only its last ${tailMax} events, not the whole trace`);
    this.name = 'TailOnlyRecorderError';
  }
}

export class TraceRecorder {
  readonly config: WorldConfig;
  /** Every event recorded, or with a `tailMax`, at least the last `tailMax` of them. */
  readonly events: TracedEvent[] = [];
  private readonly hash: BatchedHash;
  private readonly tailMax: number | null;
  private digest: string | null = null;

  constructor(config: WorldConfig, tailMax: number | null = null) {
    this.config = config;
    this.tailMax = tailMax;
    this.hash = new BatchedHash(createHash('sha256'));
    this.hash.addText(`${canonicalHeader(config.seed, config)}\n`);
  }

  record(event: SimEvent, reply: Reply | null, woken?: readonly TracedWakeup[]): void {
    if (this.digest !== null) throw new Error('TraceRecorder: record after the hash was taken');
    hashEvent(this.hash, event, reply, woken);
    this.events.push(woken === undefined || woken.length === 0 ? { event, reply } : { event, reply, woken });
    // Trimming at twice the tail keeps the cost of a trim spread over tailMax records.
    if (this.tailMax !== null && this.events.length >= 2 * this.tailMax)
      this.events.splice(0, this.events.length - this.tailMax);
  }

  /** The trace hash, in hex. Taking it closes the recorder. */
  traceHash(): string {
    this.digest ??= this.hash.digest();
    return this.digest;
  }

  /** The events as trace-file JSON lines. */
  eventLines(): string[] {
    if (this.tailMax !== null) throw new TailOnlyRecorderError(this.tailMax);
    return this.events.map(({ event, reply, woken }) => eventLine(event, reply, woken));
  }

  /** The last `count` events, for failure reports. */
  tail(count: number): readonly TracedEvent[] {
    return this.events.slice(Math.max(0, this.events.length - count));
  }
}

/** The trace hash of a list of events, computed the same way as a recorder would. */
export function hashTrace(config: WorldConfig, events: readonly TracedEvent[]): string {
  const recorder = new TraceRecorder(config);
  for (const { event, reply, woken } of events) recorder.record(event, reply, woken);
  return recorder.traceHash();
}
