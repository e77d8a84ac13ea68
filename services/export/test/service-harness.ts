import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bus, connectBus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import { createPool, migrate } from '@platform/db';
import { createDiscordRest } from '@platform/discord';
import { createSimulator, type Simulator } from '@platform/discord-sim';
import { createHttpServer, type HttpServer } from '@platform/service-kit';
import {
  createTestBusNamespace,
  createTestSchema,
  type TestBusNamespace,
  type TestSchema,
  testEndpoints,
} from '@platform/testkit';
import type pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { ChannelMessageSource } from '../src/engine/channel-message-source.js';
import { DirectoryStorage } from '../src/service/directory-storage.js';
import { openDiscordSources } from '../src/service/discord-sources.js';
import { DownloadLinks } from '../src/service/download-links.js';
import type { ExportJob } from '../src/service/export-job.js';
import { registerExportRoutes } from '../src/service/export-routes.js';
import { createInteractionNotifier } from '../src/service/interaction-notifier.js';
import { createJobMetrics, type JobMetrics } from '../src/service/job-metrics.js';
import { silentNotifier } from '../src/service/job-notifier.js';
import { enqueueJob, ensureJobStreams } from '../src/service/job-queue.js';
import { createJobRunner, type JobRunnerOptions } from '../src/service/job-runner.js';
import { type JobWorker, startJobWorker } from '../src/service/job-worker.js';
import type { OutputStorage } from '../src/service/output-storage.js';
import { PgJobStore } from '../src/service/pg-job-store.js';

export const TOKEN = 'test-internal-token-0123456789';
export const PUBLIC_URL = 'http://exports.test';
export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

/** One replica of the service: its own NATS connection, its worker and its metrics. */
export interface Replica {
  bus: Bus;
  worker: JobWorker;
  registry: Registry;
  metrics: JobMetrics;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  /** Holds each page of the sources back this long, to stop a job midway or watch its progress. */
  slow?: number;
  onPage?: () => void;
  concurrency?: number;
  /** Files larger than this together are linked rather than attached; 10 MiB by default. */
  uploadLimitBytes?: number;
}

/** The simulator, a schema and a bus namespace of the test's own, and what the replicas share. */
export interface ServiceWorld {
  sim: Simulator;
  rest: ReturnType<typeof createDiscordRest>;
  schema: TestSchema;
  ns: TestBusNamespace;
  pool: pg.Pool;
  store: PgJobStore;
  storage: OutputStorage;
  links: DownloadLinks;
  workDir: string;
  outputDir: string;
  /** The bus the HTTP API and the tests publish with. */
  bus: Bus;
  app: HttpServer;
  guildId: string;
  enqueue(job: ExportJob): Promise<void>;
  /** Starts a replica's worker; `slow` delays each page its sources give, to stop it mid-job. */
  startReplica(options?: ReplicaOptions): Promise<Replica>;
  /** Stops every replica still running, so the next test's jobs go to its own. */
  stopReplicas(): Promise<void>;
  close(): Promise<void>;
}

export async function startServiceWorld(label: string, storage?: OutputStorage): Promise<ServiceWorld> {
  const sim = await createSimulator({ scenario: 'tiny', limits: { enabled: false }, traffic: { autostart: false } });
  const rest = createDiscordRest({ apiUrl: sim.apiUrl, token: sim.token });
  const schema = await createTestSchema(label.replace(/-/g, '_'));
  await migrate({ databaseUrl: testEndpoints.databaseUrl, schema: schema.name, dir: migrations });
  const pool = createPool({
    connectionString: testEndpoints.databaseUrl,
    schema: schema.name,
    registry: new Registry(),
  });
  const store = new PgJobStore(pool);
  const ns = createTestBusNamespace(label);
  const connect = () =>
    connectBus({ url: testEndpoints.natsUrl, namespace: ns.name, name: 'export', logger, registry: new Registry() });
  const bus = await connect();
  await bus.ensureStream(platformStreams(bus.namespace).discord);
  await ensureJobStreams(bus);
  const root = await mkdtemp(join(tmpdir(), `${label}-`));
  const workDir = join(root, 'work');
  const outputDir = join(root, 'output');
  const files = storage ?? new DirectoryStorage(outputDir);
  const links = new DownloadLinks(TOKEN, PUBLIC_URL);
  const enqueue = (job: ExportJob) => enqueueJob(bus, job);
  const app = createHttpServer({ logger, registry: new Registry() });
  registerExportRoutes(app, { store, storage: files, links, enqueue, token: TOKEN });
  await app.ready();
  const [guildId = ''] = sim.world.guildIds();
  const replicas: Replica[] = [];

  async function startReplica({
    slow = 0,
    onPage,
    concurrency = 1,
    uploadLimitBytes = 10 * 1024 * 1024,
  }: ReplicaOptions = {}) {
    const replicaBus = await connect();
    const registry = new Registry();
    const metrics = createJobMetrics(registry);
    const discord = openDiscordSources(rest);
    const openSources: JobRunnerOptions['openSources'] = async (job) =>
      (await discord(job)).map((source) => (slow > 0 || onPage ? slowed(source, slow, onPage) : source));
    const worker = await startJobWorker(replicaBus, {
      logger,
      concurrency,
      ackWaitMs: 5_000,
      pullExpiresMs: 1_000,
      handler: createJobRunner({
        store,
        storage: files,
        notifierFor: (job) =>
          job.requester.kind === 'interaction'
            ? createInteractionNotifier({
                rest,
                links,
                linkTtlMs: 3_600_000,
                uploadLimitBytes,
                logger,
              })
            : silentNotifier,
        metrics,
        logger,
        workerId: `replica-${replicas.length + 1}`,
        workDir,
        openSources,
        maxAttempts: 3,
        progressIntervalMs: 1_000,
        leaseMs: 5_000,
      }),
    });
    let stopped: Promise<void> | undefined;
    const replica: Replica = {
      bus: replicaBus,
      worker,
      registry,
      metrics,
      stop() {
        stopped ??= worker.stop().then(() => replicaBus.close());
        return stopped;
      },
    };
    replicas.push(replica);
    return replica;
  }

  return {
    sim,
    rest,
    schema,
    ns,
    pool,
    store,
    storage: files,
    links,
    workDir,
    outputDir,
    bus,
    app,
    guildId,
    enqueue,
    startReplica,
    async stopReplicas() {
      await Promise.all(replicas.splice(0).map((replica) => replica.stop()));
    },
    async close() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await app.close();
      await bus.close();
      await pool.end();
      await ns.clear();
      await schema.drop();
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The same source, each page held back `ms` and announced, as a slow channel would be. */
function slowed(source: ChannelMessageSource, ms: number, onPage?: () => void): ChannelMessageSource {
  return {
    guild: source.guild,
    channel: source.channel,
    async *pages(range) {
      for await (const page of source.pages(range)) {
        onPage?.();
        await new Promise((resolve) => setTimeout(resolve, ms));
        yield page;
      }
    },
  };
}

/** The text channel of the scenario with the most messages. */
export function busiestChannel(world: ServiceWorld): { id: string; messages: number } {
  const channels = world.sim.world
    .channels(world.guildId)
    .filter((channel) => channel.type === 0)
    .map((channel) => ({ id: channel.id, messages: world.sim.world.messageCount(channel.id) }));
  return channels.reduce((best, channel) => (channel.messages > best.messages ? channel : best));
}

/** Polls the job's state until `until` holds (or gives up after about 30 s). */
export async function waitForJob<T extends { state: string }>(
  world: ServiceWorld,
  id: string,
  until: (status: T) => boolean,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    const response = await world.app.inject({ method: 'GET', url: `/exports/${id}`, headers: auth() });
    last = response.json() as T;
    if (until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} never got there; last seen ${JSON.stringify(last)}`);
}

export const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
