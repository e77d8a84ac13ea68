import { type Bus, type BusConsumer, PermanentError } from '@platform/bus';
import { type Envelope, envelopeSchema, platformStreams } from '@platform/contracts';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { TouchedHours } from '../queries/stats-queries.js';
import { isDataError } from '../storage/data-error.js';
import { StatsWriter, type WriteResult } from '../storage/stats-writer.js';
import type { EventOutcome } from './counting-rules.js';
import { eventRows, INGESTED_EVENTS, InvalidEventError, type MappedEvent } from './event-rows.js';
import { ingestMetrics } from './ingest-metrics.js';
import { PoisonItemError, WriteBatcher } from './write-batcher.js';

export interface StatsIngestOptions {
  bus: Bus;
  /** Confined to the stats schema (createPool with `schema`). */
  pool: pg.Pool;
  logger: Logger;
  registry: Registry;
  rawRetentionMs: number;
  voiceSessionCapMs: number;
  /** Envelopes per transaction at most (INGEST_BATCH_SIZE). */
  batchSize: number;
  /** Longest an envelope waits for its batch (INGEST_BATCH_WAIT). */
  batchWaitMs: number;
  /** Partitions ahead, expired partitions, capped sessions (MAINTENANCE_INTERVAL). */
  maintenanceIntervalMs: number;
  /** Called after each commit with what it changed, for cache invalidation; its failures are logged only. */
  onCommit?: (touched: TouchedHours[]) => void | Promise<void>;
  /** Redelivery delay of an unacknowledged envelope; the bus default (30 s) when omitted. */
  ackWaitMs?: number;
  now?: () => number;
}

/** The running ingest: one durable consumer per dispatch type read, sharing one batch writer. */
export interface StatsIngest {
  readonly writer: StatsWriter;
  /** One round of maintenance now (it also runs on its interval). */
  maintain(): Promise<void>;
  /** Stops pulling, writes and acknowledges what is in hand, stops maintenance. */
  stop(): Promise<void>;
}

/**
 * Starts consuming the DISCORD stream into the statistics store: a durable pull consumer per event
 * type of {@link INGESTED_EVENTS} (nats-server 2.9 takes one filter per consumer), envelopes mapped
 * to rows at once (a malformed one is dead-lettered with the reason), written in batches of up to
 * `batchSize` envelopes or `batchWaitMs`, acknowledged after the commit.
 */
export async function startIngest(options: StatsIngestOptions): Promise<StatsIngest> {
  const { bus, logger } = options;
  const log = logger.child({ component: 'ingest' });
  const metrics = ingestMetrics(options.registry);
  const writer = new StatsWriter({
    pool: options.pool,
    rawRetentionMs: options.rawRetentionMs,
    voiceSessionCapMs: options.voiceSessionCapMs,
    ...(options.now ? { now: options.now } : {}),
  });

  const committed = async (result: WriteResult) => {
    for (const [kind, counts] of Object.entries(result.rows)) {
      if (counts.inserted > 0) metrics.rows.inc({ kind, outcome: 'new' }, counts.inserted);
      if (counts.staged > counts.inserted)
        metrics.rows.inc({ kind, outcome: 'duplicate' }, counts.staged - counts.inserted);
    }
    if (result.partitionsCreated.length > 0)
      metrics.partitions.inc({ change: 'created' }, result.partitionsCreated.length);
    if (!options.onCommit || result.touched.length === 0) return;
    try {
      await options.onCommit(result.touched);
    } catch (error) {
      log.error({ err: error }, 'onCommit failed; cached answers of this batch may stay stale until they expire');
    }
  };

  const batcher = new WriteBatcher<MappedEvent, EventOutcome>({
    maxSize: options.batchSize,
    maxWaitMs: options.batchWaitMs,
    isPoison: isDataError,
    write: async (events) => {
      metrics.pending.set(batcher.size);
      const end = metrics.batchSeconds.startTimer();
      let result: WriteResult;
      try {
        result = await writer.write(events);
      } catch (error) {
        end({ outcome: 'error' });
        log.warn({ err: error, events: events.length }, 'batch failed');
        throw error;
      }
      end({ outcome: 'ok' });
      metrics.batchSize.observe(events.length);
      events.forEach((event, i) => {
        metrics.events.inc({ type: event.type, outcome: result.outcomes[i] ?? 'counted' });
      });
      await committed(result);
      return result.outcomes;
    },
  });

  const handle = async (envelope: Envelope) => {
    let mapped: MappedEvent;
    try {
      mapped = eventRows(envelope);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      metrics.events.inc({ type: envelope.t, outcome: 'invalid' });
      throw new PermanentError(error.message);
    }
    if (mapped.rows.length === 0) {
      metrics.events.inc({ type: envelope.t, outcome: 'ignored' });
      return;
    }
    try {
      await batcher.add(mapped);
    } catch (error) {
      if (!(error instanceof PoisonItemError)) throw error;
      metrics.poison.inc();
      metrics.events.inc({ type: envelope.t, outcome: 'invalid' });
      throw new PermanentError(`${envelope.t} ${envelope.id} was refused by the database: ${error.message}`);
    }
  };

  let maintaining: Promise<void> | undefined;
  const maintain = () => {
    maintaining ??= (async () => {
      try {
        const { created, dropped } = await writer.maintainPartitions();
        if (created.length > 0) metrics.partitions.inc({ change: 'created' }, created.length);
        if (dropped.length > 0) {
          metrics.partitions.inc({ change: 'dropped' }, dropped.length);
          log.info({ dropped }, 'raw partitions past retention dropped');
        }
        for (;;) {
          const capped = await writer.closeCappedSessions();
          metrics.cappedSessions.inc(capped.closed);
          await committed(capped);
          if (capped.closed < 10_000) break;
        }
      } catch (error) {
        metrics.maintenanceFailures.inc();
        log.warn({ err: error }, 'maintenance failed; retrying at the next interval');
      } finally {
        maintaining = undefined;
      }
    })();
    return maintaining;
  };

  const { discord } = platformStreams(bus.namespace);
  await bus.ensureStream(discord);
  await maintain();
  const consumers: BusConsumer[] = [];
  try {
    for (const type of INGESTED_EVENTS) {
      consumers.push(
        await bus.consume<Envelope>({
          stream: discord.name,
          name: type.toLowerCase(),
          filterSubject: bus.subjects.dispatchFilter(type),
          schema: envelopeSchema,
          handler: handle,
          batch: Math.min(options.batchSize, 1000),
          // Handlers wait for their batch's commit: room for one batch filling while another commits.
          concurrency: 2 * options.batchSize,
          maxAckPending: 2 * options.batchSize,
          ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(consumers.map((c) => c.stop()));
    throw error;
  }
  const timer = setInterval(() => void maintain(), options.maintenanceIntervalMs);
  timer.unref();
  log.info({ consumers: consumers.length, batchSize: options.batchSize }, 'ingest started');

  return {
    writer,
    maintain,
    async stop() {
      clearInterval(timer);
      await Promise.all(consumers.map((c) => c.stop()));
      await batcher.close();
      await maintaining;
      log.info('ingest stopped');
    },
  };
}
