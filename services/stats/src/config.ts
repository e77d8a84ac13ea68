import {
  discordApiEnv,
  envDuration,
  envInt,
  internalApiEnv,
  natsEnv,
  postgresEnv,
  redisEnv,
  serviceEnv,
} from '@platform/service-kit';
import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const statsConfigSchema = z.object({
  ...serviceEnv({ name: 'stats', httpPort: 8103 }),
  ...natsEnv,
  ...postgresEnv({ schema: 'stats' }),
  ...redisEnv({ prefix: 'stats:' }),
  ...internalApiEnv,
  ...discordApiEnv,
  /**
   * How long raw events are kept (day partitions older than this are dropped); rollups are kept for good.
   * Longer than the events stream keeps events (3 days), so a redelivered event still meets its raw row.
   */
  RAW_RETENTION: envDuration
    .default(90 * DAY_MS)
    .pipe(z.number().min(7 * DAY_MS, 'expected at least 7 days (168h), longer than the events stream keeps events')),
  /** A voice session with no state change for this long is closed at this length (a leave was missed). */
  VOICE_SESSION_CAP: envDuration.default(12 * HOUR_MS).pipe(z.number().min(60_000, 'expected at least 1m')),
  /** Envelopes written in one transaction at most. */
  INGEST_BATCH_SIZE: envInt({ min: 1, max: 50_000 }).default(5_000),
  /** Longest an envelope waits for its batch to fill before the batch is written anyway. */
  INGEST_BATCH_WAIT: envDuration.default(250),
  /** How often partitions are created ahead, expired ones dropped and capped voice sessions closed. */
  MAINTENANCE_INTERVAL: envDuration.default(60_000).pipe(z.number().min(1_000, 'expected at least 1s')),
});

export type StatsConfig = z.infer<typeof statsConfigSchema>;
