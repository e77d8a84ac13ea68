import {
  discordApiEnv,
  envBoolean,
  envDuration,
  envInt,
  internalApiEnv,
  natsEnv,
  postgresEnv,
  redisEnv,
  serviceEnv,
} from '@platform/service-kit';
import { z } from 'zod';
import { MAX_DAYS } from './window/lookback.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const snowflake = z.string().regex(/^\d{15,21}$/, 'expected a snowflake');

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
  // ── read side: commands, HTTP API, charts, cache ──
  /** The bot token commands are registered and answered with; without it only ingest and the HTTP API run. */
  DISCORD_TOKEN: z.string().trim().default(''),
  /** The bot's application id; read from GET /applications/@me when not set. */
  DISCORD_APPLICATION_ID: snowflake.optional(),
  /** Registers the commands in this guild only (instant, for development) instead of globally. */
  COMMANDS_GUILD_ID: snowflake.optional(),
  /** Bulk-overwrite the stats commands at start (one replica suffices; others may set false). */
  REGISTER_COMMANDS: envBoolean.default(true),
  /** The lookback of a command or query that gives none. */
  DEFAULT_LOOKBACK_DAYS: envInt({ min: 1, max: MAX_DAYS }).default(30),
  /** Lifetime of a cached answer; invalidation by touched hours keeps answers right, this bounds memory. */
  CACHE_TTL: envDuration.default(HOUR_MS).pipe(z.number().min(1_000, 'expected at least 1s')),
  /** An answer not ready this long after the interaction was created is deferred (Discord allows 3 s). */
  REPLY_BUDGET: envDuration.default(2_000).pipe(z.number().max(2_800, 'expected under 2.8s, inside Discord’s 3 s')),
  /** Commands handled at once per replica. */
  INTERACTION_CONCURRENCY: envInt({ min: 1, max: 256 }).default(8),
  /** Fonts charts are drawn with (DejaVu Sans, fonts-dejavu-core on Debian). */
  CHART_FONT_DIR: z.string().min(1).default('/usr/share/fonts/truetype/dejavu'),
});

export type StatsConfig = z.infer<typeof statsConfigSchema>;
