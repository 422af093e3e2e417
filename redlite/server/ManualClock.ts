/**
 * A clock that moves only when its host sets it, with the alarms a RESP server needs
 * (HostTimers): an alarm fires, synchronously, inside the `set` that reaches its time, and a
 * periodic task never fires, because under a manual clock whoever sets the time also runs the
 * periodic work itself (manual-clock-admin.ts). This is `redlite-server --clock manual`: a
 * simulator hands the server its virtual time, so blocked clients' deadlines and expiry follow
 * it and a run replays (docs/architecture.md, principle 1).
 *
 * Leaves out who sets the time and how (the DEBUG commands in manual-clock-admin.ts).
 */
import type { Clock } from '../clock.ts';
import { RedliteOptionError } from '../errors.ts';
import type { HostTimers } from './host-timers.ts';

interface Alarm {
  readonly atMs: number;
  readonly task: () => void;
}

/** Alarms pending at once, at most: the server keeps one (the next deadline); this is slack. */
const ALARMS_MAX = 1024;

export class ManualClock implements Clock, HostTimers {
  private nowMs: number;
  private readonly alarms = new Set<Alarm>();

  constructor(startMs: number) {
    if (!Number.isSafeInteger(startMs) || startMs < 0) {
      throw new RedliteOptionError('startMs', startMs, 'an integer >= 0');
    }
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /**
   * Moves the clock to `atMs` (never back: a host's time only goes forward) and runs the alarms
   * due by then, earliest first, equal times in the order they were set.
   */
  set(atMs: number): void {
    if (!Number.isSafeInteger(atMs) || atMs < this.nowMs) {
      throw new RedliteOptionError('time', atMs, `an integer >= the current time, ${this.nowMs}`);
    }
    this.nowMs = atMs;
    const due = [...this.alarms].filter((alarm) => alarm.atMs <= atMs).sort((a, b) => a.atMs - b.atMs);
    for (const alarm of due) {
      // An earlier alarm's task may have cancelled this one.
      if (!this.alarms.delete(alarm)) continue;
      alarm.task();
    }
  }

  at(atMs: number, task: () => void): () => void {
    if (this.alarms.size >= ALARMS_MAX) {
      throw new RedliteOptionError('alarms', this.alarms.size, `at most ${ALARMS_MAX} pending`);
    }
    const alarm = { atMs, task };
    this.alarms.add(alarm);
    return () => {
      this.alarms.delete(alarm);
    };
  }

  every(_periodMs: number, _task: () => void): () => void {
    return () => {};
  }
}
