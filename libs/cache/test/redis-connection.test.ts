import { createTestRedisPrefix, freePort, testEndpoints } from '@platform/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, type RedisConnection } from '../src/index.js';

describe('createRedis', () => {
  const prefix = createTestRedisPrefix('cache_conn');
  const opened: RedisConnection[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((redis) => redis.quit()));
    await prefix.clear();
  });

  it('puts the service prefix on every key it builds', async () => {
    const redis = createRedis({ url: testEndpoints.redisUrl, prefix: prefix.prefix });
    opened.push(redis);
    expect(redis.key('leaderboard', 42)).toBe(`${prefix.prefix}leaderboard:42`);
    expect(createRedis({ url: testEndpoints.redisUrl, prefix: 'stats' }).key('a')).toBe('stats:a');
    await redis.connect();
    await redis.client.set(redis.key('x'), '1');
    expect(await redis.client.get(`${prefix.prefix}x`)).toBe('1');
  });

  it('answers ping when connected and not before or after', async () => {
    const redis = createRedis({ url: testEndpoints.redisUrl, prefix: prefix.prefix });
    opened.push(redis);
    expect(await redis.ping()).toBe(false);
    await redis.connect();
    expect(await redis.ping()).toBe(true);
    await redis.quit();
    expect(await redis.ping()).toBe(false);
  });

  it('keeps trying while Redis is away, and quits cleanly meanwhile', async () => {
    const redis = createRedis({ url: `redis://127.0.0.1:${await freePort()}`, prefix: prefix.prefix });
    void redis.connect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(redis.client.isOpen).toBe(true);
    expect(await redis.ping()).toBe(false);
    await redis.quit();
    expect(redis.client.isOpen).toBe(false);
  });

  it('rejects prefixes and key parts that would blur key boundaries', () => {
    for (const bad of ['', 'has space', 'a::b', ':start', 'star*']) {
      expect(() => createRedis({ url: testEndpoints.redisUrl, prefix: bad })).toThrow(/Redis key prefix/);
    }
    const redis = createRedis({ url: testEndpoints.redisUrl, prefix: 'stats' });
    expect(() => redis.key()).toThrow(/non-empty parts/);
    expect(() => redis.key('a', '')).toThrow(/non-empty parts/);
  });
});
