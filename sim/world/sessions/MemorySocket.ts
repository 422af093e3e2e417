/**
 * The part of a node:net Socket the RESP server's Connection uses, as an in-memory byte
 * stream: `deliver` plays bytes arriving from the client (the 'data' event, synchronously),
 * what the server writes lands in `written`, and ending or destroying it closes it at once.
 * Nothing here waits on the event loop, so a world over it stays synchronous and
 * deterministic (docs/architecture.md, principle 1).
 */
type Listener = (...args: unknown[]) => void;

export class MemorySocket {
  private readonly listeners = new Map<string, Listener[]>();
  private readonly out: Buffer[] = [];
  private closed = false;

  setNoDelay(_noDelay: boolean): this {
    return this;
  }

  on(event: string, listener: Listener): this {
    const list = this.listeners.get(event);
    if (list === undefined) this.listeners.set(event, [listener]);
    else list.push(listener);
    return this;
  }

  /** The server writes a reply; the socket's buffer never fills. */
  write(bytes: Buffer): boolean {
    if (!this.closed) this.out.push(bytes);
    return true;
  }

  pause(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  end(): this {
    this.close();
    return this;
  }

  destroy(): this {
    this.close();
    return this;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes from the client, handled before this returns. */
  deliver(bytes: Buffer): void {
    if (this.closed) return;
    for (const listener of this.listeners.get('data') ?? []) listener(bytes);
  }

  /** What the server wrote since the last call. */
  takeWritten(): Buffer {
    const bytes = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out);
    this.out.length = 0;
    return bytes;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listeners.get('close') ?? []) listener(false);
  }
}
