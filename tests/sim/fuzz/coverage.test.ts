/**
 * The fuzzer's coverage feedback from V8's binary block coverage: a function is new the first
 * time it runs, a block is new the first time it runs after being reported as not run (nested
 * blocks included, which V8 reports only once their enclosing block has run), and running the
 * same path again is never new. isNovel looks without recording; commit records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coverage } from '../../../sim/fuzz/coverage.ts';
import { branches } from './branches-fixture.ts';

const coverage = new Coverage((url) => url.includes('branches-fixture'));

beforeAll(() => {
  coverage.start();
  coverage.take();
});
afterAll(() => coverage.stop());

function novelAfter(input: string): number {
  branches(input);
  return coverage.commit(coverage.take());
}

describe('fuzz coverage', () => {
  it('counts each newly reached block once, at every depth', () => {
    expect(novelAfter('zzz')).toBeGreaterThan(0);
    expect(novelAfter('zzz')).toBe(0);
    expect(novelAfter('a')).toBe(1);
    expect(novelAfter('ax')).toBe(0);
    expect(novelAfter('ab')).toBe(1);
    expect(novelAfter('abc')).toBe(1);
    expect(novelAfter('abcd')).toBe(0);
    expect(coverage.features).toBeGreaterThanOrEqual(4);
  });

  it('looks without recording when asked whether a take is novel', () => {
    const before = coverage.features;
    branches('q');
    const delta = coverage.take();
    expect(coverage.isNovel(delta)).toBe(false);
    expect(coverage.commit(delta)).toBe(0);
    expect(coverage.features).toBe(before);
  });
});
