import { fileURLToPath } from 'node:url';
import { type BusConsumer, connectBus, consumeInteractions } from '@platform/bus';
import { createRedis } from '@platform/cache';
import { platformStreams } from '@platform/contracts';
import { createPool, migrate } from '@platform/db';
import { createDiscordRest } from '@platform/discord';
import {
  configOrExit,
  createHttpServer,
  createLogger,
  createMetricsRegistry,
  createShutdown,
  degraded,
} from '@platform/service-kit';
import { createAnswerCaches } from './cache/answer-caches.js';
import { CachedStatsQueries } from './cache/cached-stats-queries.js';
import { createCommandMetrics } from './commands/command-metrics.js';
import { createInteractionHandler } from './commands/interaction-handler.js';
import { registerStatsCommands } from './commands/register-commands.js';
import { statsCommandHandlers } from './commands/stats-command-handlers.js';
import { statsConfigSchema } from './config.js';
import { PgUserDays } from './http/pg-user-days.js';
import { registerStatsRoutes } from './http/stats-routes.js';
import { startIngest } from './ingest/stats-ingest.js';
import { PgStatsQueries } from './queries/pg-stats-queries.js';
import { createPngRenderer } from './render/render-png.js';
import { PgGuildSettingsStore } from './settings/pg-guild-settings-store.js';

const config = configOrExit(statsConfigSchema);
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
const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
await migrate({ databaseUrl: config.DATABASE_URL, schema: config.DB_SCHEMA, dir: migrations, logger });
const pool = createPool({ connectionString: config.DATABASE_URL, schema: config.DB_SCHEMA, registry, logger });
const redis = createRedis({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
// Not awaited: answers are computed uncached until Redis is there.
void redis.connect();

const settings = new PgGuildSettingsStore(pool);
const queries = new CachedStatsQueries({
  queries: new PgStatsQueries(pool),
  caches: createAnswerCaches(redis, registry, logger),
  ttlSeconds: config.CACHE_TTL / 1000,
  logger,
});

const ingest = await startIngest({
  bus,
  pool,
  logger,
  registry,
  rawRetentionMs: config.RAW_RETENTION,
  voiceSessionCapMs: config.VOICE_SESSION_CAP,
  batchSize: config.INGEST_BATCH_SIZE,
  batchWaitMs: config.INGEST_BATCH_WAIT,
  maintenanceIntervalMs: config.MAINTENANCE_INTERVAL,
  // Each commit drops the cached answers whose windows cover the hours it touched, in every replica's view.
  onCommit: async (touched) => {
    await queries.invalidateTouched(...touched);
  },
});

const renderer = createPngRenderer({ fontDir: config.CHART_FONT_DIR, registry });
let interactions: BusConsumer | undefined;
if (config.DISCORD_TOKEN === '') {
  logger.warn('DISCORD_TOKEN is not set: slash commands are neither registered nor answered');
} else {
  const rest = createDiscordRest({ apiUrl: config.DISCORD_API_URL, token: config.DISCORD_TOKEN });
  if (config.REGISTER_COMMANDS) {
    // The previous registration stays in force if this fails, so the service starts anyway.
    await registerStatsCommands(rest, {
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId: config.COMMANDS_GUILD_ID,
    })
      .then((done) => logger.info(done, 'commands registered'))
      .catch((error: unknown) => logger.error({ err: error }, 'could not register commands'));
  }
  const handle = createInteractionHandler({
    rest,
    logger,
    metrics: createCommandMetrics(registry),
    replyBudgetMs: config.REPLY_BUDGET,
    handlers: statsCommandHandlers({
      queries,
      settings,
      renderer,
      defaultDays: config.DEFAULT_LOOKBACK_DAYS,
      invalidateGuild: (guildId) => queries.invalidateGuild(guildId),
    }),
  });
  interactions = await consumeInteractions(bus, 'stats', handle, { concurrency: config.INTERACTION_CONCURRENCY });
}

const app = createHttpServer({
  logger,
  registry,
  shutdownSignal: shutdown.signal,
  readiness: {
    nats: () => bus.connection.flush(),
    postgres: () => pool.query('SELECT 1'),
    redis: async () => (await redis.ping()) || degraded('redis unreachable: answers are computed uncached'),
  },
});
registerStatsRoutes(app, {
  queries,
  settings,
  exporter: new PgUserDays(pool),
  renderer,
  token: config.INTERNAL_API_TOKEN,
  defaultDays: config.DEFAULT_LOOKBACK_DAYS,
});

shutdown.stage('stop answering commands', () => interactions?.stop());
shutdown.stage('stop ingest (write and ack what is in hand)', () => ingest.stop());
shutdown.stage('close http', () => app.close());
shutdown.stage('close connections', () => Promise.all([bus.close(), pool.end(), redis.quit()]));
await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
logger.info({ commands: interactions !== undefined }, 'stats started');
