/**
 * `redlite-server --clock manual`: the clock (ManualClock) fires its alarms only inside the
 * `set` that reaches them, earliest first, never goes back, and runs no periodic task; over a
 * real socket, keys expire and blocked clients time out at the time DEBUG SET-TIME gives, not
 * in wall time, DEBUG SESSION and SERVED say who is blocked and whose wait ended, and DEBUG
 * EXPIRE-CYCLE runs active expiry. Without `--clock manual` there is no DEBUG at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../redlite/server/ManualClock.ts';
import type { RedisConnection } from '../../support/redis-server.ts';
import { type ServerHandle, startRedliteServer } from './support/servers.ts';

describe('ManualClock', () => {
  it('fires due alarms inside set, earliest first, and honours cancels', () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.at(300, () => fired.push('b'));
    clock.at(200, () => fired.push('a'));
    const cancel = clock.at(250, () => fired.push('cancelled'));
    clock.at(400, () => fired.push('late'));
    cancel();
    clock.set(199);
    expect(fired).toEqual([]);
    clock.set(300);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(300);
  });

  it('never goes back and never runs a periodic task', () => {
    const clock = new ManualClock(100);
    let runs = 0;
    clock.every(1, () => runs++);
    clock.set(1_000_000);
    expect(runs).toBe(0);
    expect(() => clock.set(999_999)).toThrow(/time/);
  });
});

describe('redlite-server --clock manual', () => {
  let server: ServerHandle;
  let control: RedisConnection;

  beforeAll(async () => {
    server = await startRedliteServer(['--clock', 'manual']);
    control = await server.connect();
  }, 60_000);
  afterAll(async () => {
    control?.close();
    await server?.stop();
  });

  it('expires keys and times blocked clients out at the time it is given', async () => {
    expect(await control.send(['DEBUG', 'SET-TIME', '1000'])).toEqual({ type: 'simple', value: 'OK' });
    await control.send(['SET', 'k', 'v', 'PX', '100']);
    await control.send(['DEBUG', 'SET-TIME', '1100']);
    expect(await control.send(['EXISTS', 'k'])).toEqual({ type: 'integer', value: 1 });
    // Expired once the clock is past the deadline, as in Redis; nothing deletes it until asked.
    await control.send(['DEBUG', 'SET-TIME', '1101']);
    expect(await control.send(['DEBUG', 'EXPIRE-CYCLE', '10'])).toEqual({ type: 'integer', value: 1 });

    // A wait of 1 s from 2000 times out once the clock passes 3000, as Redis's does.
    await control.send(['DEBUG', 'SET-TIME', '2000']);
    const waiter = await server.connect();
    const id = await waiter.send(['CLIENT', 'ID']);
    let reply: unknown = null;
    const popped = waiter.send(['BLPOP', 'list', '1']).then((r) => {
      reply = r;
    });
    let state = await control.send(['DEBUG', 'SESSION', String(id.value)]);
    for (let i = 0; i < 200 && state.value !== 'blocked'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = await control.send(['DEBUG', 'SESSION', String(id.value)]);
    }
    expect(state).toEqual({ type: 'simple', value: 'blocked' });
    await control.send(['DEBUG', 'SET-TIME', '3000']);
    expect(await control.send(['DEBUG', 'SERVED'])).toEqual({ type: 'array', value: [] });
    expect(reply).toBeNull();
    await control.send(['DEBUG', 'SET-TIME', '3001']);
    expect(await control.send(['DEBUG', 'SERVED'])).toEqual({ type: 'array', value: [id] });
    await popped;
    expect(reply).toEqual({ type: 'array', value: null });
    waiter.close();
  });

  it('refuses a time before its clock and a malformed DEBUG', async () => {
    expect((await control.send(['DEBUG', 'SET-TIME', '5'])).type).toBe('error');
    expect((await control.send(['DEBUG', 'SLEEP', '0'])).type).toBe('error');
  });
});

describe('redlite-server with the wall clock', () => {
  it('has no DEBUG command', async () => {
    const server = await startRedliteServer();
    const connection = await server.connect();
    try {
      const reply = await connection.send(['DEBUG', 'SET-TIME', '0']);
      expect(reply.type).toBe('error');
      expect(String(reply.value)).toMatch(/unknown command/);
    } finally {
      connection.close();
      await server.stop();
    }
  }, 60_000);
});
