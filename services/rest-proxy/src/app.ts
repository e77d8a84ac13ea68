import type { RedisConnection } from '@platform/cache';
import { createHttpServer, degraded, type HttpServer, type Logger } from '@platform/service-kit';
import type { Registry } from 'prom-client';
import type { ProxyConfig } from './config.js';
import { DeadWebhooks, InvalidRequestGuard } from './guard.js';
import { type LimiterMode, ResilientLimiter } from './limiter/resilient-limiter.js';
import { DEFAULT_TIMING } from './limiter/types.js';
import { createProxyMetrics } from './metrics.js';
import { DiscordProxy } from './proxy.js';

/** The settings of {@link createRestProxy}: the service's config without what only `main.ts` reads. */
export type RestProxySettings = Pick<
  ProxyConfig,
  | 'DISCORD_UPSTREAM_URL'
  | 'BOT_TOKENS'
  | 'GLOBAL_LIMIT'
  | 'BOT_GLOBAL_LIMITS'
  | 'REPLICAS'
  | 'QUEUE_LIMIT'
  | 'QUEUE_MAX_WAIT'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RETRIES'
  | 'RETRY_BACKOFF'
  | 'RATE_LIMIT_RETRIES'
  | 'REPLAY_BODY_MAX'
  | 'INVALID_REQUEST_BUDGET'
  | 'GLOBAL_WINDOW'
  | 'RESET_MARGIN'
  | 'REDIS_RECOVERY_GRACE'
  | 'LOCK_ON_401'
>;

export interface RestProxyOptions {
  settings: RestProxySettings;
  redis: RedisConnection;
  registry: Registry;
  logger: Logger;
  shutdownSignal?: AbortSignal;
  /**
   * At shutdown, how long requests already waiting in the queues may still be served before they are
   * refused with 503 `shutting_down`; keep it under SHUTDOWN_TIMEOUT. Default 5 s.
   */
  drainMs?: number;
}

export interface RestProxy {
  app: HttpServer;
  proxy: DiscordProxy;
  limiter: ResilientLimiter;
  /**
   * Stops accepting requests, serves those in flight (refusing what still waits after `drainMs`), then
   * closes the upstream connections.
   */
  close(): Promise<void>;
}

/**
 * Builds the proxy on a service-kit HTTP server. /readyz stays 200 while Redis is away (the proxy keeps
 * serving on its local share) and says so: `degraded: true`, with the limiter mode in the check's reason.
 */
export function createRestProxy({
  settings,
  redis,
  registry,
  logger,
  shutdownSignal,
  drainMs = 5000,
}: RestProxyOptions): RestProxy {
  const metrics = createProxyMetrics(registry, () => guard.count());
  const limiter = new ResilientLimiter({
    client: redis.client,
    prefix: redis.prefix,
    replicas: settings.REPLICAS,
    recoveryGraceMs: settings.REDIS_RECOVERY_GRACE,
    timing: { ...DEFAULT_TIMING, globalWindowMs: settings.GLOBAL_WINDOW, resetMarginMs: settings.RESET_MARGIN },
    logger,
    onModeChange: (mode: LimiterMode) => metrics.redisFallback.set(mode === 'fallback' ? 1 : 0),
  });
  metrics.redisFallback.set(limiter.mode === 'fallback' ? 1 : 0);
  const guard = new InvalidRequestGuard({
    budget: settings.INVALID_REQUEST_BUDGET,
    replicas: settings.REPLICAS,
    client: redis.client,
    prefix: redis.prefix,
    shared: () => limiter.mode !== 'fallback',
  });
  const proxy = new DiscordProxy({
    upstreamUrl: settings.DISCORD_UPSTREAM_URL,
    tokens: settings.BOT_TOKENS,
    globalLimit: settings.GLOBAL_LIMIT,
    globalLimits: settings.BOT_GLOBAL_LIMITS,
    limiter,
    guard,
    deadWebhooks: new DeadWebhooks({
      client: redis.client,
      prefix: redis.prefix,
      shared: () => limiter.mode !== 'fallback',
    }),
    metrics,
    logger,
    queueLimit: settings.QUEUE_LIMIT,
    maxWaitMs: settings.QUEUE_MAX_WAIT,
    upstreamTimeoutMs: settings.UPSTREAM_TIMEOUT,
    upstreamRetries: settings.UPSTREAM_RETRIES,
    retryBackoffMs: settings.RETRY_BACKOFF,
    rateLimitRetries: settings.RATE_LIMIT_RETRIES,
    replayBodyMax: settings.REPLAY_BODY_MAX,
    lockOn401: settings.LOCK_ON_401,
  });
  for (const bot of proxy.bots) metrics.queueDepth.set({ bot }, 0);

  const app = createHttpServer({
    logger,
    registry,
    ...(shutdownSignal ? { shutdownSignal } : {}),
    // The proxy serves without Redis, on its local share of every limit: degraded, never unready.
    readiness: {
      limits: () =>
        limiter.mode === 'shared'
          ? true
          : degraded(
              `limits: ${limiter.mode}; Redis unreachable, each replica keeps to 1/${settings.REPLICAS} of every limit`,
            ),
    },
  });
  proxy.register(app);

  return {
    app,
    proxy,
    limiter,
    async close() {
      const drained = setTimeout(() => proxy.refuseWaiting(), drainMs);
      try {
        await app.close();
      } finally {
        clearTimeout(drained);
      }
      await proxy.close();
      limiter.close();
    },
  };
}
