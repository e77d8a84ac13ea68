import { Writable } from 'node:stream';
import { freePort } from '@platform/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheAside, createRedis, type RedisConnection } from '../src/index.js';
import { cacheFixture, countingLoader, metricValue } from './helpers.js';

/** A pino logger whose lines are kept for the test to read. */
function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('CacheAside without Redis', () => {
  const fixture = cacheFixture('cache_down');
  const closedPort: RedisConnection[] = [];
  afterEach(async () => {
    await Promise.all(closedPort.splice(0).map((redis) => redis.quit()));
    await fixture.cleanUp();
  });

  it('still loads and returns values, counts the bypass, and logs it once', async () => {
    const redis = createRedis({ url: `redis://127.0.0.1:${await freePort()}`, prefix: fixture.prefix });
    closedPort.push(redis);
    void redis.connect();
    const { logger, lines } = capturedLogger();
    const registry = new Registry();
    const cache = new CacheAside({ redis, name: 'things', registry, logger });
    const loader = countingLoader({ ok: true });

    for (let i = 0; i < 3; i += 1) expect(await cache.get('k', loader.load, { ttlSeconds: 60 })).toEqual({ ok: true });
    expect(loader.calls).toBe(3);
    expect(await cache.invalidateTags('t')).toBe(false);
    expect(await cache.invalidate('k')).toBe(false);

    expect(await metricValue(registry, 'cache_bypasses_total', { cache: 'things' })).toBe(3);
    expect(await metricValue(registry, 'cache_load_duration_seconds_count', { cache: 'things' })).toBe(3);
    expect(lines.filter((line) => line.msg.includes('cache bypassed'))).toHaveLength(1);
  });

  it('still coalesces concurrent loads in the process', async () => {
    const redis = createRedis({ url: `redis://127.0.0.1:${await freePort()}`, prefix: fixture.prefix });
    closedPort.push(redis);
    const cache = new CacheAside({ redis, name: 'things', registry: new Registry() });
    const loader = countingLoader('v', 50);
    await Promise.all(Array.from({ length: 10 }, () => cache.get('k', loader.load, { ttlSeconds: 60 })));
    expect(loader.calls).toBe(1);
  });

  it('falls back when Redis goes away after working, and uses it again when back', async () => {
    const redis = await fixture.replica();
    const { logger, lines } = capturedLogger();
    const { cache, registry } = fixture.cache(redis, { logger });
    const loader = countingLoader('v');

    await cache.get('k', loader.load, { ttlSeconds: 60 });
    // Kill this client's connection from the server side; the client reconnects by itself.
    const id = await redis.client.clientId();
    const admin = await fixture.replica();
    await admin.client.clientKill({ filter: 'ID', id });
    await cache.get('k', loader.load, { ttlSeconds: 60 });
    expect(await metricValue(registry, 'cache_bypasses_total', { cache: 'things' })).toBe(1);

    while (!redis.client.isReady) await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.get('k', loader.load, { ttlSeconds: 60 });
    expect(await metricValue(registry, 'cache_hits_total', { cache: 'things' })).toBe(1);
    expect(lines.map((line) => line.msg)).toEqual([
      'redis unavailable: cache bypassed, loading directly',
      'redis available again: cache in use',
    ]);
  });
});
