import { parseArgs } from 'node:util';
import { type Bus, connectBus } from '@platform/bus';
import { createRedis } from '@platform/cache';
import { busNamespace, type Envelope, platformStreams } from '@platform/contracts';
import { copyRows } from '@platform/db';
import { createAnswerCaches } from '@platform/stats/src/cache/answer-caches.js';
import { CachedStatsQueries } from '@platform/stats/src/cache/cached-stats-queries.js';
import { eventRows, type MappedEvent } from '@platform/stats/src/ingest/event-rows.js';
import { startIngest } from '@platform/stats/src/ingest/stats-ingest.js';
import { PgStatsQueries } from '@platform/stats/src/queries/pg-stats-queries.js';
import { withStaging } from '@platform/stats/src/storage/staging.js';
import {
  deleteStaging,
  editStaging,
  messageStaging,
  reactionStaging,
  voiceStaging,
} from '@platform/stats/src/storage/staging-copies.js';
import { StatsWriter } from '@platform/stats/src/storage/stats-writer.js';
import { createTestStore, type TestStore } from '@platform/stats/test/store-fixtures.js';
import { createTestBusNamespace, createTestRedisPrefix, testEndpoints } from '@platform/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Benchmark } from '../benchmark.js';
import { numberOption } from '../options.js';
import { noteCompetingLoad, printTable, writeResult } from '../report.js';
import { ratePerSecond, steadyRate } from '../stats.js';
import { type PublishedCounts, statsTraffic } from './stats-events.js';
import { type QueryTiming, timeQueries } from './stats-queries.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface StatsBenchOptions {
  /** Envelopes published and ingested through NATS. */
  events: number;
  /** Events loaded through StatsWriter for the query and storage measurements. */
  queryEvents: number;
  /** Days the query events span: few enough to keep the day partitions few. */
  queryDays: number;
  /** Envelopes per transaction (INGEST_BATCH_SIZE) and per COPY transaction of the ceiling. */
  batchSize: number;
  /** Timed calls of each query. */
  samples: number;
  /** Calls of each query before timing. */
  warmup: number;
  /** Distinct users asked about, each cached by the warm-up. */
  users: number;
  /** Give up waiting for the ingest after this long without a commit. */
  stallTimeoutMs: number;
}

/** Issue 6's targets. */
export const STATS_TARGET = {
  eventsPerSecond: 50_000,
  uncachedP95Ms: 20,
  cachedP95Ms: 2,
  issueQueryEvents: 10_000_000,
};

export const DEFAULT_STATS_BENCH_OPTIONS: StatsBenchOptions = {
  events: 200_000,
  queryEvents: 1_000_000,
  queryDays: 120,
  batchSize: 5000,
  samples: 200,
  warmup: 20,
  users: 50,
  stallTimeoutMs: 30_000,
};

export interface RollupCheck {
  published: PublishedCounts;
  /** Sums of the hourly rollup after the ingest, to compare with what was published. */
  rollups: { messages: number; reactions: number };
}

export interface StorageSize {
  events: number;
  rawBytes: number;
  rollupBytes: number;
  /** Members, guilds, settings, open voice sessions. */
  otherBytes: number;
  rawBytesPer100k: number;
  rollupBytesPer100k: number;
}

export interface StatsBenchResult {
  options: StatsBenchOptions;
  ingest: { published: number; committed: number; eventsPerSecond: number; durationMs: number };
  ceiling: { consumeAckEventsPerSecond: number; copyEventsPerSecond: number; eventsPerSecond: number };
  shareOfCeiling: number;
  check: RollupCheck;
  queries: { events: number; uncached: QueryTiming[]; cached: QueryTiming[] };
  storage: StorageSize;
  target: typeof STATS_TARGET & { ingestPass: boolean; uncachedPass: boolean; cachedPass: boolean };
}

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function publishAll(bus: Bus, envelopes: readonly Envelope[]): Promise<number> {
  const pipeline = bus.pipeline({ window: 1024 });
  for (const envelope of envelopes) {
    const subject = bus.subjects.dispatch(envelope.t, envelope.guildId);
    if (!pipeline.publish(subject, envelope, { msgId: envelope.id })) await pipeline.ready();
  }
  const result = await pipeline.flush();
  if (result.failures.length > 0) throw new Error(`publishing failed: ${result.failures[0]?.error.message}`);
  return result.acknowledged - result.duplicates;
}

/** Sum of every series of a counter in `registry`. */
async function counterTotal(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

/**
 * The stats ingest as main.ts wires it, over envelopes already on the stream: the committed rate between
 * the instants 10% and 90% of them were counted, read from `stats_ingest_events_total` every 20 ms.
 */
async function measureIngest(bus: Bus, store: TestStore, expected: number, options: StatsBenchOptions) {
  const registry = new Registry();
  const samples: [number, number][] = [];
  const startedAt = performance.now();
  const ingest = await startIngest({
    bus,
    pool: store.pool,
    logger,
    registry,
    rawRetentionMs: 90 * DAY_MS,
    voiceSessionCapMs: 12 * HOUR_MS,
    batchSize: options.batchSize,
    batchWaitMs: 250,
    maintenanceIntervalMs: 60_000,
  });
  let committed = 0;
  let lastProgress = performance.now();
  try {
    while (committed < expected && performance.now() - lastProgress < options.stallTimeoutMs) {
      await sleep(20);
      const now = await counterTotal(registry, 'stats_ingest_events_total');
      if (now > committed) [committed, lastProgress] = [now, performance.now()];
      samples.push([performance.now(), now]);
    }
  } finally {
    await ingest.stop();
  }
  const at = (share: number) => samples.find(([, n]) => n >= share * expected) ?? samples.at(-1) ?? [0, 0];
  const [from, fromCount] = at(0.1);
  const [to, toCount] = at(0.9);
  return {
    published: expected,
    committed,
    eventsPerSecond: ratePerSecond(toCount - fromCount, from, to),
    durationMs: lastProgress - startedAt,
  };
}

/** Ceiling (a): a fresh durable consumer on the same stream that only acknowledges, set up as the ingest's are. */
async function measureConsumeAck(bus: Bus, expected: number, options: StatsBenchOptions): Promise<number> {
  const completions = new Float64Array(expected);
  let consumed = 0;
  let lastArrival = performance.now();
  const consumer = await bus.consume({
    stream: platformStreams(bus.namespace).discord.name,
    name: 'bench-ack-only',
    batch: Math.min(options.batchSize, 1000),
    concurrency: 2 * options.batchSize,
    maxAckPending: 2 * options.batchSize,
    handler: () => {
      lastArrival = performance.now();
      if (consumed < expected) completions[consumed] = lastArrival;
      consumed++;
    },
  });
  while (consumed < expected && performance.now() - lastArrival < options.stallTimeoutMs) await sleep(20);
  await consumer.stop();
  return steadyRate(completions.subarray(0, Math.min(consumed, expected)));
}

/** Ceiling (b): the same rows COPYed into the writer's staging tables, `batchSize` events a transaction; COPY and commit timed. */
async function measureCopy(store: TestStore, envelopes: readonly Envelope[], batchSize: number): Promise<number> {
  const batches: MappedEvent[][] = [];
  for (let i = 0; i < envelopes.length; i += batchSize) {
    batches.push(envelopes.slice(i, i + batchSize).map((e) => eventRows(e)));
  }
  let events = 0;
  let elapsed = 0;
  for (const batch of batches) {
    const rows = batch.flatMap((e) => e.rows);
    const of = <K extends (typeof rows)[number]['kind']>(kind: K) =>
      rows.filter((r): r is Extract<(typeof rows)[number], { kind: K }> => r.kind === kind);
    const started = performance.now();
    await withStaging(store.pool, async (client) => {
      await copyRows(client, messageStaging(of('message')));
      await copyRows(client, editStaging(of('edit')));
      await copyRows(client, deleteStaging(of('delete')));
      await copyRows(client, reactionStaging(of('reaction')));
      // Counted or not is decided per guild by the writer before it stages; the COPY is the same either way.
      await copyRows(client, voiceStaging(of('voice').map(({ kind: _, ...point }) => ({ ...point, counted: true }))));
    });
    elapsed += performance.now() - started;
    events += batch.length;
  }
  return ratePerSecond(events, 0, elapsed);
}

async function rollupTotals(store: TestStore): Promise<RollupCheck['rollups']> {
  const { rows } = await store.pool.query<{ messages: number; reactions: number }>(
    'SELECT coalesce(sum(messages), 0)::int AS messages, coalesce(sum(reactions_given), 0)::int AS reactions FROM activity_hourly',
  );
  return rows[0] ?? { messages: 0, reactions: 0 };
}

const RAW_TABLES = ['messages', 'message_edits', 'reactions', 'voice_states'];
const ROLLUP_TABLES = [
  'activity_hourly',
  'user_periods',
  'user_totals',
  'channel_periods',
  'guild_periods',
  'emoji_periods',
];

/** Bytes of the raw tables and of the rollups (partitions, indexes and TOAST included) after VACUUM ANALYZE. */
async function storageSize(store: TestStore, events: number): Promise<StorageSize> {
  await store.pool.query('VACUUM ANALYZE');
  const { rows } = await store.pool.query<{ table: string; bytes: string }>(
    `SELECT coalesce(p.relname, c.relname) AS table, sum(pg_total_relation_size(c.oid))::bigint AS bytes
       FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
      WHERE ns.nspname = current_schema() AND c.relkind = 'r' GROUP BY 1`,
  );
  const sum = (pick: (table: string) => boolean) =>
    rows.filter((r) => pick(r.table)).reduce((total, r) => total + Number(r.bytes), 0);
  const rawBytes = sum((t) => RAW_TABLES.includes(t));
  const rollupBytes = sum((t) => ROLLUP_TABLES.includes(t));
  return {
    events,
    rawBytes,
    rollupBytes,
    otherBytes: sum((t) => !RAW_TABLES.includes(t) && !ROLLUP_TABLES.includes(t)),
    rawBytesPer100k: (rawBytes * 100_000) / events,
    rollupBytesPer100k: (rollupBytes * 100_000) / events,
  };
}

/** Drops the store, its partitions first in chunks: one DROP SCHEMA of hundreds of them can run out of lock space. */
async function dropStore(store: TestStore): Promise<void> {
  const { rows } = await store.pool.query<{ name: string }>(
    `SELECT format('%I.%I', ns.nspname, c.relname) AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
      WHERE ns.nspname = current_schema() AND c.relkind = 'r'`,
  );
  for (let i = 0; i < rows.length; i += 50) {
    await store.pool.query(
      `DROP TABLE IF EXISTS ${rows
        .slice(i, i + 50)
        .map((r) => r.name)
        .join(', ')}`,
    );
  }
  await store.close();
}

/** Part 1: ingest through NATS beside its ceiling, and the rollups checked against what was published. */
async function runIngestPart(options: StatsBenchOptions) {
  const namespace = createTestBusNamespace('bench-stats');
  const store = await createTestStore('bench_stats_ingest');
  let bus: Bus | undefined;
  try {
    bus = await connectBus({
      url: testEndpoints.natsUrl,
      namespace: busNamespace(namespace.name),
      name: 'stats',
      logger,
      registry: new Registry(),
    });
    await bus.ensureStream(platformStreams(bus.namespace).discord);
    const end = Date.now();
    const traffic = statsTraffic(options.events, end - 7 * DAY_MS, end);
    const published = await publishAll(bus, traffic.envelopes);
    const ingest = await measureIngest(bus, store, published, options);
    const rollups = await rollupTotals(store);
    const consumeAckEventsPerSecond = await measureConsumeAck(bus, published, options);
    const copyEventsPerSecond = await measureCopy(store, traffic.envelopes, options.batchSize);
    return {
      ingest,
      ceiling: {
        consumeAckEventsPerSecond,
        copyEventsPerSecond,
        eventsPerSecond: Math.min(consumeAckEventsPerSecond, copyEventsPerSecond),
      },
      check: { published: traffic.counts, rollups },
    };
  } finally {
    await bus?.close();
    await namespace.clear();
    await dropStore(store);
  }
}

/** Parts 2 and 3: events loaded through StatsWriter (not NATS), queries timed uncached and cached, bytes on disk. */
async function runQueryPart(options: StatsBenchOptions) {
  const store = await createTestStore('bench_stats_queries');
  const prefix = createTestRedisPrefix('bench-stats');
  const redis = createRedis({ url: testEndpoints.redisUrl, prefix: prefix.prefix });
  try {
    await redis.connect();
    const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const start = end - options.queryDays * DAY_MS;
    const writer = new StatsWriter({
      pool: store.pool,
      // Covers the span, so nothing loaded is expired.
      rawRetentionMs: (options.queryDays + 2) * DAY_MS,
      voiceSessionCapMs: 12 * HOUR_MS,
    });
    const { envelopes } = statsTraffic(options.queryEvents, start, end, 2);
    for (let i = 0; i < envelopes.length; i += options.batchSize) {
      await writer.write(envelopes.slice(i, i + options.batchSize).map((e) => eventRows(e)));
    }
    const uncachedQueries = new PgStatsQueries(store.pool);
    const cachedQueries = new CachedStatsQueries({
      queries: uncachedQueries,
      caches: createAnswerCaches(redis, new Registry(), logger),
      ttlSeconds: 3600,
      logger,
    });
    const timing = { samples: options.samples, warmup: options.warmup, users: options.users };
    const uncached = await timeQueries(uncachedQueries, end + HOUR_MS, timing);
    const cached = await timeQueries(cachedQueries, end + HOUR_MS, timing);
    const storage = await storageSize(store, envelopes.length);
    return { queries: { events: envelopes.length, uncached, cached }, storage };
  } finally {
    await redis.quit();
    await prefix.clear();
    await dropStore(store);
  }
}

export async function runStatsBenchmark(overrides: Partial<StatsBenchOptions> = {}): Promise<StatsBenchResult> {
  const options = { ...DEFAULT_STATS_BENCH_OPTIONS, ...overrides };
  const { ingest, ceiling, check } = await runIngestPart(options);
  const { queries, storage } = await runQueryPart(options);
  const worst = (timings: QueryTiming[]) => Math.max(...timings.map((t) => t.p95Ms));
  return {
    options,
    ingest,
    ceiling,
    shareOfCeiling: ingest.eventsPerSecond / ceiling.eventsPerSecond,
    check,
    queries,
    storage,
    target: {
      ...STATS_TARGET,
      ingestPass: ingest.eventsPerSecond >= STATS_TARGET.eventsPerSecond,
      uncachedPass: worst(queries.uncached) < STATS_TARGET.uncachedP95Ms,
      cachedPass: worst(queries.cached) < STATS_TARGET.cachedP95Ms,
    },
  };
}

function printStatsResult(result: StatsBenchResult): void {
  const { options, ingest, ceiling, check, queries, storage, target } = result;
  const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const n = (x: number) => x.toLocaleString('en-US');
  printTable(
    `stats ingest: ${n(ingest.published)} envelopes already on the DISCORD stream, committed to rollups` +
      ` (batches of ${n(options.batchSize)}, steady 10–90%)`,
    ['path', 'events/s', 'of ceiling'],
    [
      [
        'stats ingest, NATS to committed rollups (ours)',
        Math.round(ingest.eventsPerSecond),
        percent(result.shareOfCeiling),
      ],
      [
        'consume and ack alone, same stream',
        Math.round(ceiling.consumeAckEventsPerSecond),
        percent(ingest.eventsPerSecond / ceiling.consumeAckEventsPerSecond),
      ],
      [
        `COPY into staging, ${n(options.batchSize)} a transaction`,
        Math.round(ceiling.copyEventsPerSecond),
        percent(ingest.eventsPerSecond / ceiling.copyEventsPerSecond),
      ],
    ],
  );
  console.log(
    `target: >= ${n(target.eventsPerSecond)} events/s (five times Mocha's claim): ${verdict(target.ingestPass)};` +
      ` ${percent(result.shareOfCeiling)} of the ceiling (the slower of the two)`,
  );
  console.log(
    `rollups: ${n(check.rollups.messages)} messages of ${n(check.published.messages)} published,` +
      ` ${n(check.rollups.reactions)} reactions of ${n(check.published.reactions)}`,
  );
  const cachedOf = new Map(queries.cached.map((t) => [`${t.query} ${t.window}`, t]));
  printTable(
    `stats queries: one guild, ${n(queries.events)} events over ${options.queryDays} days loaded through StatsWriter` +
      ` directly, not NATS (the issue asks 10,000,000); ${options.samples} calls each`,
    ['query', 'window', 'uncached p50 ms', 'uncached p95 ms', 'cached p50 ms', 'cached p95 ms'],
    queries.uncached.map((t) => {
      const c = cachedOf.get(`${t.query} ${t.window}`);
      return [t.query, t.window, t.p50Ms, t.p95Ms, c?.p50Ms ?? Number.NaN, c?.p95Ms ?? Number.NaN];
    }),
  );
  console.log(
    `target: p95 < ${target.uncachedP95Ms} ms uncached: ${verdict(target.uncachedPass)};` +
      ` p95 < ${target.cachedP95Ms} ms cached: ${verdict(target.cachedPass)}`,
  );
  const mb = (bytes: number) => bytes / 1e6;
  printTable(
    `stats storage: bytes on disk after VACUUM ANALYZE, ${n(storage.events)} events (Mocha claims about 1 MB per 100,000)`,
    ['tables', 'MB', 'MB per 100,000 events'],
    [
      ['raw (messages, edits, reactions, voice states)', mb(storage.rawBytes), mb(storage.rawBytesPer100k)],
      ['rollups (hourly, periods, totals)', mb(storage.rollupBytes), mb(storage.rollupBytesPer100k)],
      [
        'other (members, guilds, voice sessions)',
        mb(storage.otherBytes),
        mb((storage.otherBytes * 100_000) / storage.events),
      ],
    ],
  );
}

export const statsBenchmark: Benchmark = {
  description: 'stats service: ingest beside consume-and-ack and COPY, query p95 uncached and cached, bytes on disk',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        events: { type: 'string' },
        'query-events': { type: 'string' },
        'query-days': { type: 'string' },
        'batch-size': { type: 'string' },
        samples: { type: 'string' },
      },
    });
    const d = DEFAULT_STATS_BENCH_OPTIONS;
    const queryDays = numberOption('query-days', values['query-days'], d.queryDays);
    if (queryDays > 120) throw new Error('--query-days is at most 120, to keep the day partitions few');
    noteCompetingLoad();
    const result = await runStatsBenchmark({
      events: numberOption('events', values.events, d.events),
      queryEvents: numberOption('query-events', values['query-events'], d.queryEvents),
      queryDays,
      batchSize: numberOption('batch-size', values['batch-size'], d.batchSize),
      samples: numberOption('samples', values.samples, d.samples),
    });
    printStatsResult(result);
    console.log(`written to ${writeResult('stats', result)}`);
  },
};
