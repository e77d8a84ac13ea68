import {
  discordApiEnv,
  envBoolean,
  envDuration,
  envInt,
  envUrl,
  internalApiEnv,
  natsEnv,
  postgresEnv,
  serviceEnv,
} from '@platform/service-kit';
import { z } from 'zod';

const MINUTE_MS = 60_000;
const MIB = 1024 * 1024;

const snowflake = z.string().regex(/^\d{15,21}$/, 'expected a snowflake');

export const exportConfigSchema = z
  .object({
    ...serviceEnv({ name: 'export', httpPort: 8102 }),
    ...natsEnv,
    ...postgresEnv({ schema: 'export' }),
    ...internalApiEnv,
    ...discordApiEnv,
    /** The bot token channels are read and commands answered with; without it jobs fail and no command runs. */
    DISCORD_TOKEN: z.string().trim().default(''),
    /** The bot's application id; read from GET /applications/@me when not set. */
    DISCORD_APPLICATION_ID: snowflake.optional(),
    /** Registers /export in this guild only (instant, for development) instead of globally. */
    COMMANDS_GUILD_ID: snowflake.optional(),
    /** Bulk-overwrite the export command at start (one replica suffices; others may set false). */
    REGISTER_COMMANDS: envBoolean.default(true),
    // ── work queue ──
    /** Jobs one replica runs at once; each holds a work-queue message until it is done. */
    JOB_CONCURRENCY: envInt({ min: 1, max: 64 }).default(1),
    /**
     * How long a job may go without a sign of life (`msg.working()`, sent every third of this) before
     * JetStream hands it to another worker: the time a crashed worker's job waits.
     */
    JOB_ACK_WAIT: envDuration.default(MINUTE_MS).pipe(z.number().min(3_000, 'expected at least 3s')),
    /** Runs of a job that failed with a retryable error before it is marked failed and dead-lettered. */
    JOB_MAX_ATTEMPTS: envInt({ min: 1, max: 100 }).default(3),
    /** Where jobs write their files (and the engine its checkpoints); share it between replicas to resume across hosts. */
    EXPORT_WORK_DIR: z.string().min(1).default('.local/export/work'),
    // ── output storage ──
    /** `dir` keeps finished files under EXPORT_OUTPUT_DIR; `s3` uploads them to EXPORT_S3_BUCKET. */
    EXPORT_STORAGE: z.enum(['dir', 's3']).default('dir'),
    EXPORT_OUTPUT_DIR: z.string().min(1).default('.local/export/output'),
    /** An S3-compatible endpoint (MinIO, R2, Ceph…); AWS's own when not set. */
    EXPORT_S3_ENDPOINT: envUrl(['http', 'https']).optional(),
    EXPORT_S3_REGION: z.string().min(1).default('us-east-1'),
    EXPORT_S3_BUCKET: z.string().min(3, 'expected a bucket name').optional(),
    /** Key prefix of every file, e.g. `exports/`. */
    EXPORT_S3_PREFIX: z.string().default(''),
    EXPORT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    EXPORT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
    EXPORT_S3_FORCE_PATH_STYLE: envBoolean.default(true),
    // ── answers in Discord ──
    /**
     * Base URL under which this service's HTTP API is reachable by the people who ran /export, for
     * links to files too large to attach, e.g. `https://exports.example.com`.
     */
    EXPORT_PUBLIC_URL: envUrl(['http', 'https']).default('http://127.0.0.1:8102'),
    /** How long a download link given in Discord stays valid. */
    EXPORT_LINK_TTL: envDuration.default(7 * 24 * 60 * MINUTE_MS),
    /** Files larger than this together are linked instead of attached (Discord's limit without boosts is 10 MiB). */
    EXPORT_UPLOAD_LIMIT: envInt({ min: 0 }).default(10 * MIB),
    /** Least time between two progress edits of a reply (Discord rate-limits webhook edits). */
    EXPORT_PROGRESS_INTERVAL: envDuration.default(5_000).pipe(z.number().min(1_000, 'expected at least 1s')),
    /** Commands handled at once per replica (only enqueueing: the export runs in a worker). */
    INTERACTION_CONCURRENCY: envInt({ min: 1, max: 256 }).default(8),
  })
  .superRefine((config, context) => {
    if (config.EXPORT_STORAGE === 's3' && config.EXPORT_S3_BUCKET === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['EXPORT_S3_BUCKET'],
        message: 'expected a bucket name: EXPORT_STORAGE=s3 needs one',
      });
    }
  });

export type ExportConfig = z.infer<typeof exportConfigSchema>;
