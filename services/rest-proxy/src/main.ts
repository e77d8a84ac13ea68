import { createRedis } from '@platform/cache';
import { configOrExit, createLogger, createMetricsRegistry, createShutdown } from '@platform/service-kit';
import { createRestProxy } from './app.js';
import { proxyConfigSchema } from './config.js';

const config = configOrExit(proxyConfigSchema);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const registry = createMetricsRegistry(config.SERVICE_NAME);
const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT });

const redis = createRedis({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
// Waited for briefly only: without Redis the proxy serves on its local share and switches when it answers.
await Promise.race([redis.connect(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
const botTokens = config.BOT_TOKENS.length > 0 ? config.BOT_TOKENS : config.DISCORD_TOKEN;
const proxy = createRestProxy({
  settings: { ...config, BOT_TOKENS: botTokens },
  redis,
  registry,
  logger,
  shutdownSignal: shutdown.signal,
  // Requests still waiting for their limits get 503 shutting_down halfway through the shutdown budget.
  drainMs: Math.floor(config.SHUTDOWN_TIMEOUT / 2),
});
if (botTokens.length === 0)
  logger.warn('neither BOT_TOKENS nor DISCORD_TOKEN is set: only token-in-path webhook routes are served');

shutdown.stage('close http and queues', () => proxy.close());
shutdown.stage('close redis', () => redis.quit());
await proxy.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
logger.info({ bots: proxy.proxy.bots, upstream: config.DISCORD_UPSTREAM_URL }, 'rest-proxy listening');
