/**
 * The simulated clients as an event source: each client's next op is one queued wake-up, and
 * firing it generates the command and queues the client's next one after its think time.
 */

import { OpMix } from '../clients/OpMix.ts';
import { SimClient } from '../clients/SimClient.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { OpEvent } from '../events.ts';
import type { OpSpec } from '../ops/types.ts';
import type { Rng } from '../random/Rng.ts';
import type { EventSource, Schedule } from './EventSource.ts';

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

  fire(tag: number, atMs: number, index: number, schedule: Schedule): OpEvent {
    const client = this.clients[tag];
    if (client === undefined) throw new RangeError(`no client ${tag}`);
    const argv = client.nextArgv(atMs);
    this.queue(schedule, tag, atMs + client.thinkMs());
    return { index, atMs, kind: 'op', client: tag, argv };
  }

  nextOpMs(): number {
    let earliest = Number.POSITIVE_INFINITY;
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
