import { connectBus } from '@platform/bus';
import { createRedis } from '@platform/cache';
import { platformStreams } from '@platform/contracts';
import {
  configOrExit,
  createHttpServer,
  createLogger,
  createMetricsRegistry,
  createShutdown,
  degraded,
  HttpError,
} from '@platform/service-kit';
import { gatewayConfigSchema } from './config.js';
import { fetchGatewayBot } from './gateway-bot.js';
import { GatewayIngest } from './gateway-ingest.js';
import { guildCacheMetrics } from './guild-cache-metrics.js';
import { GuildCacheWriter } from './guild-cache-writer.js';
import { registerInteractionsEndpoint } from './http-interactions.js';

const config = configOrExit(gatewayConfigSchema);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const registry = createMetricsRegistry(config.SERVICE_NAME);
const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT });

const bus = await connectBus({
  url: config.NATS_URL,
  namespace: config.BUS_NAMESPACE,
  name: config.SERVICE_NAME,
  logger,
  registry,
});
await bus.ensureStream(platformStreams(bus.namespace).discord);
const gateway = await fetchGatewayBot({
  apiUrl: config.DISCORD_UPSTREAM_URL ?? config.DISCORD_API_URL,
  token: config.DISCORD_TOKEN,
  gatewayUrl: config.DISCORD_GATEWAY_URL,
  shardCount: config.SHARD_COUNT,
  maxConcurrency: config.MAX_CONCURRENCY,
});
const redis = config.GUILD_CACHE
  ? createRedis({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger })
  : undefined;
// Not waited for: dispatches are published without Redis, and the cache's writes wait for it.
void redis?.connect();
const guildCache =
  redis &&
  new GuildCacheWriter({
    redis,
    logger,
    metrics: guildCacheMetrics(registry),
    capacity: config.GUILD_CACHE_CAPACITY,
  });
const ingest = await GatewayIngest.start({
  bus,
  logger,
  registry,
  token: config.DISCORD_TOKEN,
  intents: config.INTENTS,
  gateway,
  shardCount: gateway.shards,
  replicaId: config.REPLICA_ID,
  leaseTtlMs: config.LEASE_TTL,
  identifyWindowMs: config.IDENTIFY_WINDOW,
  bufferCapacity: config.BUFFER_CAPACITY,
  publishTimeoutMs: config.PUBLISH_TIMEOUT,
  ...(guildCache ? { guildCache } : {}),
});

const app = createHttpServer({
  logger,
  registry,
  shutdownSignal: shutdown.signal,
  readiness: {
    nats: () => {
      // Not ready without NATS (events are buffered meanwhile); degraded while a backlog drains.
      if (!ingest.publisher.natsConnected) return false;
      if (ingest.publisher.buffering) return degraded(`publishing a backlog of ${ingest.publisher.buffer.size} events`);
      return true;
    },
    ...(redis && guildCache
      ? {
          // The cache falling behind never stops publishing: degraded, not unready.
          'guild-cache': async () => {
            if (!(await redis.ping())) return degraded('redis unreachable: guild cache writes wait');
            const stale = guildCache.staleGuilds().length;
            if (stale > 0) return degraded(`${stale} guild(s) out of the cache until their next GUILD_CREATE`);
            return true;
          },
        }
      : {}),
  },
});

if (config.DISCORD_PUBLIC_KEY)
  registerInteractionsEndpoint(app, {
    publicKey: config.DISCORD_PUBLIC_KEY,
    subjects: bus.subjects,
    publish: (message) => {
      // The publisher closes before HTTP does: past that an accepted interaction would be lost unseen.
      if (shutdown.signal.aborted) throw new HttpError(503, 'shutting down');
      ingest.publisher.enqueue(message);
    },
    registry,
    logger,
  });

// Shards close resumably (code 4200, session kept in KV), the buffer is flushed, then leases are released.
shutdown.stage('close shards, flush and release leases', () => ingest.stop(Math.floor(config.SHUTDOWN_TIMEOUT / 2)));
if (guildCache)
  shutdown.stage('write the guild cache', () => guildCache.close(Math.floor(config.SHUTDOWN_TIMEOUT / 4)));
shutdown.stage('close http', () => app.close());
shutdown.stage('close bus', () => bus.close());
if (redis) shutdown.stage('close redis', () => redis.quit());
await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
logger.info(
  { replica: config.REPLICA_ID, shards: gateway.shards, maxConcurrency: gateway.session_start_limit.max_concurrency },
  'gateway-ingest started',
);
