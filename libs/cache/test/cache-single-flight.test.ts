import { afterEach, describe, expect, it } from 'vitest';
import { cacheFixture, countingLoader, metricValue } from './helpers.js';

describe('CacheAside across replicas', () => {
  const fixture = cacheFixture('cache_replicas');
  afterEach(() => fixture.cleanUp());

  /** Two caches of the same name on two connections: two replicas of a service. */
  type Replica = ReturnType<typeof fixture.cache>;
  const twoReplicas = async (options: Parameters<typeof fixture.cache>[1] = {}): Promise<[Replica, Replica]> => [
    fixture.cache(await fixture.replica(), options),
    fixture.cache(await fixture.replica(), options),
  ];

  it('loads once for concurrent misses on two replicas', async () => {
    const [a, b] = await twoReplicas();
    const shared = countingLoader({ total: 1234 }, 200);
    const gets = [a, b].flatMap(({ cache }) =>
      Array.from({ length: 50 }, () => cache.get('guild:1:week', shared.load, { ttlSeconds: 60 })),
    );

    const values = await Promise.all(gets);
    expect(shared.calls).toBe(1);
    expect(values.every((value) => value.total === 1234)).toBe(true);

    const replicaWaits = await Promise.all(
      [a, b].map(({ registry }) =>
        metricValue(registry, 'cache_coalesced_total', { cache: 'things', scope: 'replica' }),
      ),
    );
    expect(replicaWaits.sort()).toEqual([0, 1]);
  });

  it('loads itself when the lock holder is too slow', async () => {
    const [a, b] = await twoReplicas({ singleFlight: { waitMs: 100, pollMs: 10 } });
    const slow = countingLoader('slow', 600);
    const fast = countingLoader('fast');

    const first = a.cache.get('k', slow.load, { ttlSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b.cache.get('k', fast.load, { ttlSeconds: 60 })).toBe('fast');
    expect(await first).toBe('slow');
    expect(fast.calls).toBe(1);
    expect(await metricValue(b.registry, 'cache_lock_wait_timeouts_total', { cache: 'things' })).toBe(1);
  });

  it('takes over at once when the lock holder’s load fails', async () => {
    const [a, b] = await twoReplicas();
    const failing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('holder failed');
    };
    const backup = countingLoader('from b');

    const first = a.cache.get('k', failing, { ttlSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const second = b.cache.get('k', backup.load, { ttlSeconds: 60 });

    await expect(first).rejects.toThrow('holder failed');
    expect(await second).toBe('from b');
    expect(backup.calls).toBe(1);
    // Well below the 3 s wait: b noticed the released lock rather than timing out.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await metricValue(b.registry, 'cache_lock_wait_timeouts_total', { cache: 'things' })).toBe(0);
  });

  it('coordinates only within the process when single-flight across replicas is off', async () => {
    const [a, b] = await twoReplicas({ singleFlight: false });
    const shared = countingLoader('v', 100);
    await Promise.all([a, b].map(({ cache }) => cache.get('k', shared.load, { ttlSeconds: 60 })));
    expect(shared.calls).toBe(2);
  });
});
