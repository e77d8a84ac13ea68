import { createTestRedisPrefix, testEndpoints } from '@platform/testkit';
import { Registry } from 'prom-client';
import { CacheAside, type CacheAsideOptions, createRedis, type RedisConnection } from '../src/index.js';

/** The value of one series of a counter or histogram (`<name>_count` for a histogram's number of observations). */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metricName = name.endsWith('_count') ? name.slice(0, -'_count'.length) : name;
  const metric = await registry.getSingleMetric(metricName)?.get();
  const series = metric?.values.find(
    (value) =>
      ((value as { metricName?: string }).metricName ?? metricName) === name &&
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return series?.value ?? 0;
}

/** A loader that counts its calls and takes `delayMs` to answer. */
export function countingLoader<T>(value: T, delayMs = 0) {
  const loader = {
    calls: 0,
    load: async (): Promise<T> => {
      loader.calls += 1;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return value;
    },
  };
  return loader;
}

/** Connections and caches of one test file, under one test prefix, closed and cleared afterwards. */
export function cacheFixture(label: string) {
  const prefix = createTestRedisPrefix(label);
  const connections: RedisConnection[] = [];
  return {
    prefix: prefix.prefix,
    /** A connected Redis, as one replica would have. */
    async replica(): Promise<RedisConnection> {
      const redis = createRedis({ url: testEndpoints.redisUrl, prefix: prefix.prefix });
      connections.push(redis);
      await redis.connect();
      return redis;
    },
    cache(redis: RedisConnection, options: Partial<CacheAsideOptions> = {}) {
      const registry = new Registry();
      const cache = new CacheAside({ redis, name: 'things', registry, ...options });
      return { cache, registry };
    },
    async cleanUp() {
      await Promise.all(connections.splice(0).map((redis) => redis.quit()));
      await prefix.clear();
    },
  };
}
