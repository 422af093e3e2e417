/**
 * The simulated clients as an event source: each client's next op is one queued wake-up, and
 * firing it generates the command and queues the client's next one after its think time.
 */

import { OpMix } from '../clients/OpMix.ts';
import { SimClient } from '../clients/SimClient.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { OpEvent, TimerEvent } from '../events.ts';
import type { OpSpec } from '../ops/types.ts';
import type { Rng } from '../random/Rng.ts';
import type { EventSource, Schedule } from './EventSource.ts';

/** Tags at or past this are a client's blocking-pop timeout (tag - base is the client). */
const TIMEOUT_TAG_BASE = 1 << 20;
/** How long a client that waits forever keeps quiet before its next op (which may find it still waiting). */
const FOREVER_PAUSE_MS = 5000;

export class ClientSource implements EventSource {
  private readonly clients: SimClient[] = [];
  private readonly dueMs: number[] = [];
  /** Extra latency to add before each client's next queued op (slow-disk faults). */
  private readonly delayMs: number[] = [];

  constructor(root: Rng, config: WorldConfig, catalogue: readonly OpSpec[]) {
    const mix = new OpMix(config.opWeights, catalogue);
    for (let i = 0; i < config.clients; i++)
      this.clients.push(new SimClient(i, root.fork(`client:${i}`), config, mix));
  }

  start(schedule: Schedule, startMs: number): void {
    for (const client of this.clients) this.queue(schedule, client.index, startMs + client.thinkMs());
  }

  fire(tag: number, atMs: number, index: number, schedule: Schedule): OpEvent | TimerEvent {
    if (tag >= TIMEOUT_TAG_BASE) {
      // The wait's end in virtual time: the world times out every wait due by now.
      return { index, atMs, kind: 'timer', timer: 'block-timeout', seed: String(tag - TIMEOUT_TAG_BASE) };
    }
    const client = this.clients[tag];
    if (client === undefined) throw new RangeError(`no client ${tag}`);
    const argv = client.nextArgv(atMs, schedule.faultPhase());
    const timeoutMs = client.blockTimeoutMs;
    let pauseMs = 0;
    if (timeoutMs !== null && timeoutMs > 0) {
      // A wait started at t has timed out once the clock reads t + timeout + 1.
      schedule.at(atMs + timeoutMs + 1, this, TIMEOUT_TAG_BASE + tag);
      pauseMs = timeoutMs + 1;
    } else if (timeoutMs === 0) {
      pauseMs = FOREVER_PAUSE_MS;
    }
    this.queue(schedule, tag, atMs + pauseMs + client.thinkMs());
    return { index, atMs, kind: 'op', client: tag, argv };
  }

  nextOpMs(): number {
    let earliest: number = Number.POSITIVE_INFINITY;
    for (const due of this.dueMs) if (due < earliest) earliest = due;
    return earliest;
  }

  /** Slow disk: the client's op after the one already queued comes `delayMs` later. */
  delay(client: number, delayMs: number): void {
    this.delayMs[client] = (this.delayMs[client] ?? 0) + delayMs;
  }

  private queue(schedule: Schedule, index: number, thinkAtMs: number): void {
    const atMs = thinkAtMs + (this.delayMs[index] ?? 0);
    this.delayMs[index] = 0;
    this.dueMs[index] = atMs;
    schedule.at(atMs, this, index);
  }
}
