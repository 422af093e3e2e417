/**
 * What the fuzzer's worker thread and its supervisor share without messages: a stop flag the
 * supervisor raises, a heartbeat the worker bumps before every input, the input being run
 * right now (so a hang can be saved even though the stuck thread can never send it), and the
 * running counts the progress line shows. One writer per slot: the supervisor writes STOP,
 * the worker everything else.
 */

/** Largest input the fuzzer makes or runs. */
export const INPUT_BYTES_MAX = 4096;

const STOP = 0;
const HEARTBEAT = 1;
const INPUT_LENGTH = 2;
const CORPUS = 3;
const FEATURES = 4;
const INT_SLOTS = 8;
const EXECS = 0;

export interface SharedBuffers {
  readonly control: SharedArrayBuffer;
  readonly input: SharedArrayBuffer;
}

export class SharedFuzzState {
  readonly buffers: SharedBuffers;
  private readonly ints: Int32Array;
  private readonly bigs: BigInt64Array;
  private readonly bytes: Uint8Array;

  constructor(buffers: SharedBuffers) {
    this.buffers = buffers;
    this.ints = new Int32Array(buffers.control, 0, INT_SLOTS);
    this.bigs = new BigInt64Array(buffers.control, INT_SLOTS * 4, 1);
    this.bytes = new Uint8Array(buffers.input);
  }

  static create(): SharedFuzzState {
    return new SharedFuzzState({
      control: new SharedArrayBuffer(INT_SLOTS * 4 + 8),
      input: new SharedArrayBuffer(INPUT_BYTES_MAX),
    });
  }

  requestStop(): void {
    Atomics.store(this.ints, STOP, 1);
  }

  get stopRequested(): boolean {
    return Atomics.load(this.ints, STOP) === 1;
  }

  /** Worker: `input` is about to run. */
  beginInput(input: Buffer): void {
    this.bytes.set(input.subarray(0, INPUT_BYTES_MAX));
    Atomics.store(this.ints, INPUT_LENGTH, Math.min(input.length, INPUT_BYTES_MAX));
    Atomics.add(this.ints, HEARTBEAT, 1);
    Atomics.add(this.bigs, EXECS, 1n);
  }

  /** Worker: the running input returned. */
  endInput(): void {
    Atomics.store(this.ints, INPUT_LENGTH, -1);
  }

  get heartbeat(): number {
    return Atomics.load(this.ints, HEARTBEAT);
  }

  /** The input running now, or null between inputs. */
  currentInput(): Buffer | null {
    const length = Atomics.load(this.ints, INPUT_LENGTH);
    return length < 0 ? null : Buffer.from(this.bytes.slice(0, length));
  }

  setCounts(corpus: number, features: number): void {
    Atomics.store(this.ints, CORPUS, corpus);
    Atomics.store(this.ints, FEATURES, features);
  }

  get execs(): number {
    return Number(Atomics.load(this.bigs, EXECS));
  }

  get corpus(): number {
    return Atomics.load(this.ints, CORPUS);
  }

  get features(): number {
    return Atomics.load(this.ints, FEATURES);
  }
}
