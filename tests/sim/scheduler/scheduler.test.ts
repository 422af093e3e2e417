import { describe, expect, it } from 'vitest';
import { EventQueue, QueueOverflowError } from '../../../sim/scheduler/EventQueue.ts';
import { ClockError, VirtualClock } from '../../../sim/VirtualClock.ts';

describe('EventQueue', () => {
  it('pops by time, then by insertion order for ties', () => {
    const queue = new EventQueue<string>(100);
    queue.push(30, 'c');
    queue.push(10, 'a1');
    queue.push(20, 'b');
    queue.push(10, 'a2');
    queue.push(10, 'a3');
    const order: string[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) order.push(item.item);
    expect(order).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
  });

  it('matches a sort by (time, seq) on many random entries', () => {
    const queue = new EventQueue<number>(10_000);
    const entries: [number, number][] = [];
    let state = 12345;
    for (let seq = 0; seq < 2000; seq++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const atMs = state % 50;
      entries.push([atMs, seq]);
      queue.push(atMs, seq);
    }
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const popped: number[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item.item);
    expect(popped).toEqual(entries.map((entry) => entry[1]));
  });

  it('is bounded', () => {
    const queue = new EventQueue<number>(2);
    queue.push(1, 1);
    queue.push(2, 2);
    expect(() => queue.push(3, 3)).toThrow(QueueOverflowError);
  });
});

describe('VirtualClock', () => {
  it('starts at its epoch and only moves forward', () => {
    const clock = new VirtualClock(1_600_000_000_000);
    expect(clock.now()).toBe(1_600_000_000_000);
    clock.advanceTo(1_600_000_000_500);
    expect(clock.elapsedMs()).toBe(500);
    expect(() => clock.advanceTo(1_600_000_000_499)).toThrow(ClockError);
    expect(() => clock.advanceTo(1.5)).toThrow(ClockError);
  });
});
