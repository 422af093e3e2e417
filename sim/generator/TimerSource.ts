/**
 * The world's periodic timers as an event source: redlite's active-expiry cycle, WAL
 * checkpoints and full state comparisons (the last at seeded, jittered times). A timer fires
 * at most once per idle gap: after a long virtual time jump it resumes at the next client op
 * rather than firing thousands of times in an empty stretch.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { TimerEvent, TimerName } from '../events.ts';
import type { Rng } from '../random/Rng.ts';
import type { EventSource, Schedule } from './EventSource.ts';

interface TimerPlan {
  readonly name: TimerName;
  readonly periodMs: number;
  readonly jitter: boolean;
  /** How many times the timer may fire in the run. */
  readonly firesMax: number;
}

export class TimerSource implements EventSource {
  private readonly plans: TimerPlan[];
  private readonly rng: Rng;
  private readonly fired: number[];

  constructor(rng: Rng, config: WorldConfig) {
    this.rng = rng;
    this.plans = [
      {
        name: 'expire-cycle',
        periodMs: config.expireCycleMsPeriod,
        jitter: false,
        firesMax: Number.POSITIVE_INFINITY,
      },
      {
        name: 'checkpoint',
        periodMs: config.checkpointMsPeriod,
        jitter: false,
        firesMax: Number.POSITIVE_INFINITY,
      },
      // A full state comparison costs a read per key on both sides, so a run makes only a few.
      {
        name: 'state-check',
        periodMs: config.stateCheckMsPeriod,
        jitter: true,
        firesMax: config.stateChecksMax,
      },
    ];
    this.fired = this.plans.map(() => 0);
  }

  start(schedule: Schedule, startMs: number): void {
    for (let tag = 0; tag < this.plans.length; tag++) {
      const plan = this.plans[tag] as TimerPlan;
      if (plan.firesMax > 0) schedule.at(startMs + this.gapMs(plan), this, tag);
    }
  }

  fire(tag: number, atMs: number, index: number, schedule: Schedule): TimerEvent {
    const plan = this.plans[tag];
    if (plan === undefined) throw new RangeError(`no timer ${tag}`);
    const seed = this.rng.nextSeed().toString();
    const fired = (this.fired[tag] ?? 0) + 1;
    this.fired[tag] = fired;
    if (fired >= plan.firesMax) return { index, atMs, kind: 'timer', timer: plan.name, seed };
    schedule.at(
      Math.max(atMs + this.gapMs(plan), Math.min(schedule.nextClientOpMs(), Number.MAX_SAFE_INTEGER)),
      this,
      tag,
    );
    return { index, atMs, kind: 'timer', timer: plan.name, seed };
  }

  private gapMs(plan: TimerPlan): number {
    if (!plan.jitter) return plan.periodMs;
    return this.rng.int(Math.max(1, Math.floor(plan.periodMs / 2)), Math.ceil((plan.periodMs * 3) / 2));
  }
}
