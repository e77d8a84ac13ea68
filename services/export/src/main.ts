import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type BusConsumer, connectBus, consumeInteractions } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import { createPool, migrate } from '@platform/db';
import { createDiscordRest } from '@platform/discord';
import {
  configOrExit,
  createHttpServer,
  createLogger,
  createMetricsRegistry,
  createShutdown,
} from '@platform/service-kit';
import { exportConfigSchema } from './config.js';
import { DirectoryStorage } from './service/directory-storage.js';
import { openDiscordSources } from './service/discord-sources.js';
import { DownloadLinks } from './service/download-links.js';
import { createExportInteractionHandler } from './service/export-interactions.js';
import { registerExportRoutes } from './service/export-routes.js';
import { createInteractionNotifier } from './service/interaction-notifier.js';
import { createJobMetrics } from './service/job-metrics.js';
import { silentNotifier } from './service/job-notifier.js';
import { enqueueJob, ensureJobStreams } from './service/job-queue.js';
import { createJobRunner } from './service/job-runner.js';
import { type JobWorker, startJobWorker } from './service/job-worker.js';
import type { OutputStorage } from './service/output-storage.js';
import { PgJobStore } from './service/pg-job-store.js';
import { registerExportCommand } from './service/register-export-command.js';
import { S3Storage } from './service/s3-storage.js';

const config = configOrExit(exportConfigSchema);
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
await ensureJobStreams(bus);
const migrations = fileURLToPath(new URL('../migrations', import.meta.url));
await migrate({ databaseUrl: config.DATABASE_URL, schema: config.DB_SCHEMA, dir: migrations, logger });
const pool = createPool({ connectionString: config.DATABASE_URL, schema: config.DB_SCHEMA, registry, logger });
const store = new PgJobStore(pool);

const storage: OutputStorage =
  config.EXPORT_STORAGE === 's3'
    ? new S3Storage({
        bucket: config.EXPORT_S3_BUCKET ?? '',
        prefix: config.EXPORT_S3_PREFIX,
        endpoint: config.EXPORT_S3_ENDPOINT,
        region: config.EXPORT_S3_REGION,
        accessKeyId: config.EXPORT_S3_ACCESS_KEY_ID,
        secretAccessKey: config.EXPORT_S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.EXPORT_S3_FORCE_PATH_STYLE,
      })
    : new DirectoryStorage(config.EXPORT_OUTPUT_DIR);
const links = new DownloadLinks(config.INTERNAL_API_TOKEN, config.EXPORT_PUBLIC_URL);
const enqueue = (job: Parameters<typeof enqueueJob>[1]) => enqueueJob(bus, job);

const rest = createDiscordRest({ apiUrl: config.DISCORD_API_URL, token: config.DISCORD_TOKEN });
const interactionNotifier = createInteractionNotifier({
  rest,
  links,
  linkTtlMs: config.EXPORT_LINK_TTL,
  uploadLimitBytes: config.EXPORT_UPLOAD_LIMIT,
  logger,
});

let worker: JobWorker | undefined;
let interactions: BusConsumer | undefined;
if (config.DISCORD_TOKEN === '') {
  // Jobs wait in the queue for a replica that can read Discord rather than failing here.
  logger.warn('DISCORD_TOKEN is not set: jobs are accepted and queued but not run here, and /export is not answered');
} else {
  worker = await startJobWorker(bus, {
    logger,
    concurrency: config.JOB_CONCURRENCY,
    ackWaitMs: config.JOB_ACK_WAIT,
    handler: createJobRunner({
      store,
      storage,
      notifierFor: (job) => (job.requester.kind === 'interaction' ? interactionNotifier : silentNotifier),
      metrics: createJobMetrics(registry),
      logger,
      workerId: `${hostname()}:${process.pid}`,
      workDir: config.EXPORT_WORK_DIR,
      maxAttempts: config.JOB_MAX_ATTEMPTS,
      progressIntervalMs: config.EXPORT_PROGRESS_INTERVAL,
      leaseMs: config.JOB_ACK_WAIT,
      openSources: openDiscordSources(rest),
    }),
  });

  if (config.REGISTER_COMMANDS) {
    // The previous registration stays in force if this fails, so the service starts anyway.
    await registerExportCommand(rest, {
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId: config.COMMANDS_GUILD_ID,
    })
      .then((done) => logger.info(done, 'commands registered'))
      .catch((error: unknown) => logger.error({ err: error }, 'could not register commands'));
  }
  interactions = await consumeInteractions(
    bus,
    'export',
    createExportInteractionHandler({ rest, store, enqueue, logger }),
    { concurrency: config.INTERACTION_CONCURRENCY },
  );
}

const app = createHttpServer({
  logger,
  registry,
  shutdownSignal: shutdown.signal,
  readiness: {
    nats: () => bus.connection.flush(),
    postgres: () => pool.query('SELECT 1'),
  },
});
registerExportRoutes(app, { store, storage, links, enqueue, token: config.INTERNAL_API_TOKEN });

shutdown.stage('stop answering commands', () => interactions?.stop());
shutdown.stage('stop pulling jobs (running ones stop at a checkpoint and go back to the queue)', () => worker?.stop());
shutdown.stage('close http', () => app.close());
shutdown.stage('close connections', () => Promise.all([bus.close(), pool.end()]));
await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
logger.info(
  { worker: worker !== undefined, commands: interactions !== undefined, storage: config.EXPORT_STORAGE },
  'export started',
);
