import { afterEach, describe, expect, it } from 'vitest';
import { cacheFixture, countingLoader, metricValue } from './helpers.js';

describe('CacheAside in one process', () => {
  const fixture = cacheFixture('cache_aside');
  afterEach(() => fixture.cleanUp());

  it('loads on a miss, answers later gets from Redis, and stores with the TTL', async () => {
    const redis = await fixture.replica();
    const { cache, registry } = fixture.cache(redis);
    const loader = countingLoader({ top: ['ana', 'bo'], count: 2 });

    expect(await cache.get('week', loader.load, { ttlSeconds: 60 })).toEqual({ top: ['ana', 'bo'], count: 2 });
    expect(await cache.get('week', loader.load, { ttlSeconds: 60 })).toEqual({ top: ['ana', 'bo'], count: 2 });
    expect(loader.calls).toBe(1);

    const ttl = await redis.client.ttl(redis.key('cache', 'things', 'val', 'week'));
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await metricValue(registry, 'cache_misses_total', { cache: 'things' })).toBe(1);
    expect(await metricValue(registry, 'cache_hits_total', { cache: 'things' })).toBe(1);
    expect(await metricValue(registry, 'cache_load_duration_seconds_count', { cache: 'things' })).toBe(1);
  });

  it('loads again once the value has expired', async () => {
    const redis = await fixture.replica();
    const { cache } = fixture.cache(redis);
    const loader = countingLoader('fresh');
    await cache.get('short', loader.load, { ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await cache.get('short', loader.load, { ttlSeconds: 1 });
    expect(loader.calls).toBe(2);
  });

  it('runs the loader once for 100 concurrent misses of one key', async () => {
    const redis = await fixture.replica();
    const { cache, registry } = fixture.cache(redis);
    const loader = countingLoader({ n: 7 }, 100);

    const values = await Promise.all(
      Array.from({ length: 100 }, () => cache.get('hot', loader.load, { ttlSeconds: 60 })),
    );
    expect(loader.calls).toBe(1);
    expect(values.every((value) => value.n === 7)).toBe(true);
    expect(await metricValue(registry, 'cache_misses_total', { cache: 'things' })).toBe(1);
    expect(await metricValue(registry, 'cache_coalesced_total', { cache: 'things', scope: 'process' })).toBe(99);
    expect(await metricValue(registry, 'cache_load_duration_seconds_count', { cache: 'things' })).toBe(1);
  });

  it('gives a failing load’s error to every waiter and caches nothing', async () => {
    const redis = await fixture.replica();
    const { cache, registry } = fixture.cache(redis);
    const failure = new Error('database down');
    let calls = 0;
    const failing = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw failure;
    };

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => cache.get('bad', failing, { ttlSeconds: 60 })),
    );
    expect(calls).toBe(1);
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason === failure)).toBe(true);
    expect(await metricValue(registry, 'cache_load_errors_total', { cache: 'things' })).toBe(1);

    expect(await redis.client.exists(redis.key('cache', 'things', 'val', 'bad'))).toBe(0);
    expect(await redis.client.exists(redis.key('cache', 'things', 'lock', 'bad'))).toBe(0);
    expect(await cache.get('bad', async () => 'recovered', { ttlSeconds: 60 })).toBe('recovered');
  });

  it('returns values as JSON gives them back, and does not store undefined', async () => {
    const redis = await fixture.replica();
    const { cache } = fixture.cache(redis);
    const at = new Date('2024-05-01T00:00:00Z');
    await cache.get('dated', async () => ({ at, nested: [1, null, 'ü'] }), { ttlSeconds: 60 });
    expect(await cache.get('dated', async () => ({ at, nested: [] }), { ttlSeconds: 60 })).toEqual({
      at: at.toISOString(),
      nested: [1, null, 'ü'],
    });

    const nothing = countingLoader(undefined);
    expect(await cache.get('nothing', nothing.load, { ttlSeconds: 60 })).toBeUndefined();
    expect(await cache.get('nothing', nothing.load, { ttlSeconds: 60 })).toBeUndefined();
    expect(nothing.calls).toBe(2);
  });

  it('refuses a TTL that is not positive, and names that do not fit a metric label', async () => {
    const redis = await fixture.replica();
    const { cache } = fixture.cache(redis);
    await expect(cache.get('k', async () => 1, { ttlSeconds: 0 })).rejects.toThrow(
      /ttlSeconds must be a positive number/,
    );
    expect(() => fixture.cache(redis, { name: 'Has Spaces' })).toThrow(/cache name/);
  });
});
