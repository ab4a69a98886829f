import { describe, expect, it } from 'vitest';
import { createReadCache } from '../../src/domain/read-cache.js';

const clock = () => {
  let time = 1_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
};

const cacheWith = (options: { ttlMs?: number; maxEntries?: number } = {}) => {
  const c = clock();
  const cache = createReadCache<string>({ ttlMs: 1_000, maxEntries: 100, ...options, now: c.now });
  return { cache, ...c };
};

describe('the item read cache', () => {
  it('when a value is stored, then it is served until the TTL counted from when its read began, and not after', () => {
    const { cache, advance } = cacheWith();
    const ticket = cache.ticket();
    advance(300); // the store read took 300 ms
    expect(cache.put('a', 'v1', ticket)).toBe(true);
    advance(699);
    expect(cache.get('a')).toBe('v1');
    advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('when this process writes an item, then its entry is gone at once', () => {
    const { cache } = cacheWith();
    cache.put('a', 'v1', cache.ticket());
    cache.put('b', 'w1', cache.ticket());
    cache.invalidate('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('w1');
  });

  it('when a read began before a write of the same item, then what it found is not stored; a read of another item still is', () => {
    const { cache } = cacheWith();
    const before = cache.ticket();
    cache.invalidate('a');
    expect(cache.current('a', before)).toBe(false);
    expect(cache.put('a', 'old', before)).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.put('b', 'other', before)).toBe(true);
    const after = cache.ticket();
    expect(cache.put('a', 'new', after)).toBe(true);
    expect(cache.get('a')).toBe('new');
  });

  it('when more items are stored than the bound, then the least recently read goes first', () => {
    const { cache } = cacheWith({ maxEntries: 2 });
    cache.put('a', 'A', cache.ticket());
    cache.put('b', 'B', cache.ticket());
    cache.get('a'); // a is now the most recently used
    cache.put('c', 'C', cache.ticket());
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('when the most recently used item is read again and again, then the least recently read still goes first, also after it was invalidated and stored again', () => {
    const { cache } = cacheWith({ maxEntries: 2 });
    cache.put('a', 'A', cache.ticket());
    cache.put('b', 'B', cache.ticket());
    cache.get('a');
    cache.get('a');
    cache.invalidate('a');
    cache.put('a', 'A2', cache.ticket());
    cache.get('b'); // b is now the most recently used
    cache.get('b');
    cache.put('c', 'C', cache.ticket());
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('B');
    expect(cache.get('c')).toBe('C');
  });

  it('when more writes happened than invalidations are remembered, then a read begun before the forgotten ones is still refused', () => {
    const { cache } = cacheWith({ maxEntries: 2 });
    const before = cache.ticket();
    for (const key of ['a', 'b', 'c', 'd']) cache.invalidate(key);
    // a's invalidation record is gone; a read begun before it must not be stored all the same.
    expect(cache.put('a', 'old', before)).toBe(false);
    expect(cache.put('a', 'new', cache.ticket())).toBe(true);
  });

  it('when the TTL is 0, then nothing is stored', () => {
    const { cache } = cacheWith({ ttlMs: 0 });
    expect(cache.put('a', 'A', cache.ticket())).toBe(false);
    expect(cache.get('a')).toBeUndefined();
  });

  it('when a read took longer than the TTL, then what it found is not stored', () => {
    const { cache, advance } = cacheWith();
    const ticket = cache.ticket();
    advance(1_000);
    expect(cache.put('a', 'slow', ticket)).toBe(false);
  });

  it('when an entry is in the second half of its TTL, then a refresh is due; before that and once gone, not', () => {
    const { cache, advance } = cacheWith();
    expect(cache.refreshDue('a')).toBe(false);
    cache.put('a', 'A', cache.ticket());
    advance(499);
    expect(cache.refreshDue('a')).toBe(false);
    advance(1);
    expect(cache.refreshDue('a')).toBe(true);
    cache.invalidate('a');
    expect(cache.refreshDue('a')).toBe(false);
  });
});
