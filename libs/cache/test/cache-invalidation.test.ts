import { afterEach, describe, expect, it } from 'vitest';
import { cacheFixture, countingLoader, metricValue } from './helpers.js';

describe('CacheAside invalidation', () => {
  const fixture = cacheFixture('cache_invalidation');
  afterEach(() => fixture.cleanUp());

  it('loads again after invalidate, for those keys only', async () => {
    const { cache } = fixture.cache(await fixture.replica());
    const loaders = { a: countingLoader('a'), b: countingLoader('b'), c: countingLoader('c') };
    const getAll = () =>
      Promise.all(Object.entries(loaders).map(([key, loader]) => cache.get(key, loader.load, { ttlSeconds: 60 })));

    await getAll();
    expect(await cache.invalidate('a', 'b')).toBe(true);
    await getAll();
    expect([loaders.a.calls, loaders.b.calls, loaders.c.calls]).toEqual([2, 2, 1]);
  });

  it('invalidates exactly the keys carrying a tag', async () => {
    const redis = await fixture.replica();
    const { cache } = fixture.cache(redis);
    const entries = {
      'guild:1:day:2024-05-01': ['guild:1', 'day:2024-05-01'],
      'guild:1:week:18': ['guild:1'],
      'guild:2:day:2024-05-01': ['guild:2', 'day:2024-05-01'],
      'guild:2:week:18': ['guild:2'],
      untagged: [],
    };
    const loaders = Object.fromEntries(Object.keys(entries).map((key) => [key, countingLoader(key)]));
    const getAll = () =>
      Promise.all(
        Object.entries(entries).map(([key, tags]) =>
          cache.get(key, loaders[key]?.load ?? (async () => key), { ttlSeconds: 60, tags }),
        ),
      );
    const calls = () => Object.fromEntries(Object.entries(loaders).map(([key, loader]) => [key, loader.calls]));

    await getAll();
    expect(await cache.invalidateTags('day:2024-05-01')).toBe(true);
    await getAll();
    expect(calls()).toEqual({
      'guild:1:day:2024-05-01': 2,
      'guild:1:week:18': 1,
      'guild:2:day:2024-05-01': 2,
      'guild:2:week:18': 1,
      untagged: 1,
    });

    await cache.invalidateTags('guild:1', 'nobody-uses-this-tag');
    await getAll();
    expect(calls()).toMatchObject({ 'guild:1:day:2024-05-01': 3, 'guild:1:week:18': 2, 'guild:2:week:18': 1 });
    expect(await redis.client.exists(redis.key('cache', 'things', 'tag', 'guild:1'))).toBe(1);
  });

  it('does not store a value whose load began before its tag was invalidated', async () => {
    const { cache, registry } = fixture.cache(await fixture.replica());
    const stale = countingLoader('computed before the event', 200);
    const fresh = countingLoader('computed after the event');

    const loading = cache.get('guild:1:today', stale.load, { ttlSeconds: 60, tags: ['guild:1'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cache.invalidateTags('guild:1');
    expect(await loading).toBe('computed before the event');

    expect(await cache.get('guild:1:today', fresh.load, { ttlSeconds: 60, tags: ['guild:1'] })).toBe(
      'computed after the event',
    );
    expect(fresh.calls).toBe(1);
    expect(await metricValue(registry, 'cache_stale_stores_skipped_total', { cache: 'things' })).toBe(1);
  });

  it('does not hand a get that follows invalidate the load that was already running', async () => {
    const { cache } = fixture.cache(await fixture.replica());
    const before = countingLoader('before', 150);
    const after = countingLoader('after');
    const loading = cache.get('k', before.load, { ttlSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.invalidate('k');
    expect(await cache.get('k', after.load, { ttlSeconds: 60 })).toBe('after');
    expect(await loading).toBe('before');
  });
});
