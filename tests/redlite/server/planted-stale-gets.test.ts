/**
 * The planted stale-GET cache (the live checker's canary): once a GET fills it, the next GETs of
 * that key answer the cached value whatever was written since, up to STALE_SERVES_MAX, then it
 * reads through again. Every other command, and redlite without the wrapper, are untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Redlite } from '../../../redlite/index.ts';
import { bulk, OK } from '../../../redlite/reply.ts';
import { STALE_SERVES_MAX, withStaleGets } from '../../../redlite/server/planted-stale-gets.ts';

const opened: Redlite[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(): Redlite {
  const db = Redlite.open(':memory:');
  opened.push(db);
  return db;
}

describe('withStaleGets', () => {
  it('serves a GET stale after a write, then reads through again', () => {
    const stale = withStaleGets(open());
    expect(stale.exec(['SET', 'k', 'old'])).toEqual(OK);
    expect(stale.exec(['GET', 'k'])).toEqual(bulk('old'));
    expect(stale.exec(['SET', 'k', 'new'])).toEqual(OK);
    for (let i = 0; i < STALE_SERVES_MAX; i++) expect(stale.exec(['GET', 'k'])).toEqual(bulk('old'));
    expect(stale.exec(['GET', 'k'])).toEqual(bulk('new'));
    expect(stale.exec(['STRLEN', 'k'])).toEqual({ type: 'integer', value: 3 });
  });

  it('keeps databases apart, and redlite itself is never stale', () => {
    const db = open();
    const stale = withStaleGets(db);
    stale.exec(['SET', 'k', 'zero']);
    stale.exec(['GET', 'k']);
    expect(stale.exec(['GET', 'k'], 1)).toEqual({ type: 'bulk', value: null });
    stale.exec(['SET', 'k', 'changed']);
    expect(db.exec(['GET', 'k'])).toEqual(bulk('changed'));
  });
});
