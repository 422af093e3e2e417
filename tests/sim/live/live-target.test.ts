/**
 * `--target` values: the two servers the tool starts, `resp://HOST:PORT` (IPv6 in brackets), and
 * one-line ConfigErrors that name the flag and show the value for everything else.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../sim/config/ConfigError.ts';
import { parseLiveTarget, targetText } from '../../../sim/live/live-target.ts';

describe('parseLiveTarget', () => {
  it('reads the started servers and addresses, and prints them back as given', () => {
    expect(parseLiveTarget('redis', '--target')).toEqual({ kind: 'redis' });
    expect(parseLiveTarget('redlite-server', '--target')).toEqual({ kind: 'redlite-server' });
    expect(parseLiveTarget('resp://127.0.0.1:6379', '--target')).toEqual({
      kind: 'address',
      host: '127.0.0.1',
      port: 6379,
    });
    expect(parseLiveTarget('resp://[::1]:7000', '--target')).toEqual({
      kind: 'address',
      host: '::1',
      port: 7000,
    });
    for (const text of ['redis', 'resp://db.internal:6380', 'resp://[::1]:7000'])
      expect(targetText(parseLiveTarget(text, '--target'))).toBe(text);
  });

  it.each([
    'memcached',
    'resp://127.0.0.1',
    'resp://:6379',
    'resp://host:0',
    'resp://host:65536',
    'redis://host:6379',
    '',
  ])('refuses %j naming the flag and the value', (text) => {
    expect(() => parseLiveTarget(text, '--target')).toThrow(ConfigError);
    expect(() => parseLiveTarget(text, '--target')).toThrow(`invalid --target: ${JSON.stringify(text)}`);
  });
});
