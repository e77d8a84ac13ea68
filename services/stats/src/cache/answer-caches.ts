import { CacheAside, type RedisConnection } from '@platform/cache';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AnswerCaches } from './cached-stats-queries.js';

/** One cache-aside per query, named for `cache_*{cache="user_stats"}` and the like. */
export function createAnswerCaches(redis: RedisConnection, registry: Registry, logger?: Logger): AnswerCaches {
  const cache = (name: string) => new CacheAside({ redis, name, registry, ...(logger ? { logger } : {}) });
  return {
    userStats: cache('user_stats'),
    serverStats: cache('server_stats'),
    leaderboard: cache('leaderboard'),
    heatmap: cache('heatmap'),
    timeline: cache('timeline'),
    inactive: cache('inactive'),
    retention: cache('retention'),
  };
}
