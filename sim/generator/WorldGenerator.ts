/**
 * WorldGenerator: produces a world's events lazily, in (virtual time, insertion sequence)
 * order, from its sources: the clients, the timers, and any extra source plugged in (the fault
 * schedule). It stops after `opsMax` client ops (plus the liveness phase's ops when faults
 * are on) or once the next event lies past `virtualMsMax`. With faults on, reaching `opsMax`
 * ends the fault phase: it emits a `liveness-restart` fault event, the fault source falls
 * silent, and `livenessOps` more client ops run. It knows nothing of replies, so an event list it produced can be executed,
 * edited and re-executed without it.
 */

import { faultsOn } from '../config/fault-rates.ts';
import { FAULT_EVENTS } from '../config/fault-vocabulary.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { FaultEvent, SimEvent } from '../events.ts';
import type { OpSpec } from '../ops/types.ts';
import { parseSeed, Rng } from '../random/index.ts';
import { EventQueue } from '../scheduler/EventQueue.ts';
import { ClientSource } from './ClientSource.ts';
import type { EventSource, Schedule } from './EventSource.ts';
import { FaultSource } from './FaultSource.ts';
import { TimerSource } from './TimerSource.ts';

interface WakeUp {
  readonly source: EventSource;
  readonly tag: number;
}

/** More pending wake-ups than this means a source is scheduling without bound: a simulator bug. */
const QUEUE_SIZE_MAX = 4096;

export class WorldGenerator implements Iterable<SimEvent>, Schedule {
  private readonly queue = new EventQueue<WakeUp>(QUEUE_SIZE_MAX);
  private readonly clients: ClientSource;
  private readonly endMs: number;
  private readonly opsMax: number;
  private readonly livenessOps: number;
  private readonly livenessSeed: string;
  private inFaultPhase = true;
  private lastAtMs: number;
  private opsEmitted = 0;
  private nextIndex = 0;
  private done = false;

  constructor(config: WorldConfig, catalogue: readonly OpSpec[], extraSources: readonly EventSource[] = []) {
    const root = new Rng(parseSeed(config.seed));
    this.clients = new ClientSource(root, config, catalogue);
    this.endMs = config.epochMs + config.virtualMsMax;
    this.opsMax = config.opsMax;
    this.lastAtMs = config.epochMs;
    const withFaults = faultsOn(config.faults);
    this.livenessOps = withFaults ? config.livenessOps : 0;
    this.livenessSeed = root.fork('liveness').nextSeed().toString();
    const sources: EventSource[] = [
      this.clients,
      new TimerSource(root.fork('timers'), config),
      ...extraSources,
    ];
    if (withFaults) {
      const delay = (client: number, delayMs: number) => this.clients.delay(client, delayMs);
      sources.push(new FaultSource(root.fork('faults-schedule'), config, delay));
    }
    for (const source of sources) source.start(this, config.epochMs);
  }

  at(atMs: number, source: EventSource, tag: number): void {
    this.queue.push(atMs, { source, tag });
  }

  nextClientOpMs(): number {
    return this.clients.nextOpMs();
  }

  faultPhase(): boolean {
    return this.inFaultPhase;
  }

  /** The next event, or undefined when the world has run its course. */
  next(): SimEvent | undefined {
    // Each pass either emits an event or drops a wake-up whose source chose to emit nothing;
    // sources reschedule at most once per wake-up, so the bound holds with room to spare.
    for (let pass = 0; pass < QUEUE_SIZE_MAX * 4 && !this.done; pass++) {
      if (this.inFaultPhase && this.opsEmitted >= this.opsMax) {
        this.inFaultPhase = false;
        if (this.livenessOps > 0) return this.livenessRestart();
      }
      if (this.opsEmitted >= this.opsMax + this.livenessOps) break;
      const due = this.queue.pop();
      if (due === undefined || due.atMs > this.endMs) break;
      const event = due.item.source.fire(due.item.tag, due.atMs, this.nextIndex, this);
      if (event === null) continue;
      if (event.index !== this.nextIndex)
        throw new RangeError(`source gave event index ${event.index}, not ${this.nextIndex}`);
      this.nextIndex++;
      this.lastAtMs = event.atMs;
      if (event.kind === 'op') this.opsEmitted++;
      return event;
    }
    this.done = true;
    return undefined;
  }

  /** The event that ends the fault phase, at the time of the last event (nothing queued is earlier). */
  private livenessRestart(): FaultEvent {
    const atMs = this.lastAtMs;
    const event: FaultEvent = {
      index: this.nextIndex,
      atMs,
      kind: 'fault',
      fault: FAULT_EVENTS.livenessRestart,
      seed: this.livenessSeed,
    };
    this.nextIndex++;
    return event;
  }

  *[Symbol.iterator](): Iterator<SimEvent> {
    for (let event = this.next(); event !== undefined; event = this.next()) yield event;
  }
}
