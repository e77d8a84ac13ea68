import { BUS_NAMESPACE_PATTERN } from '@platform/contracts';
import { z } from 'zod';
import { devDefault } from './dev-default.js';
import { envDuration, envPort, envUrl } from './env-values.js';
import { LOG_LEVELS } from './logger.js';

/**
 * The variables most services read, as zod shapes to spread into a service's config schema:
 * `z.object({ ...serviceEnv({ name: 'stats', httpPort: 3001 }), ...natsEnv, STATS_FLUSH: envDuration.default(5000) })`.
 * Every default points at localhost, so the stack runs with no configuration.
 */

/** Shared by every service in development; refused in production (see {@link devDefault}). */
export const DEV_INTERNAL_API_TOKEN = 'dev-internal-api-token';

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Identity, logging, the HTTP listener and shutdown. `name` and `httpPort` are the defaults of
 * SERVICE_NAME and HTTP_PORT; give each service its own port so they can share a host.
 * HTTP_HOST defaults to 127.0.0.1; containers set it to 0.0.0.0.
 */
export function serviceEnv({ name, httpPort }: { name: string; httpPort: number }) {
  return {
    SERVICE_NAME: z.string().regex(SERVICE_NAME, 'expected lower-case letters, digits and -').default(name),
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: envPort.default(httpPort),
    /** Longest a graceful shutdown may take before the process exits 1 anyway. */
    SHUTDOWN_TIMEOUT: envDuration.default(20_000),
  };
}

/** NATS JetStream, and the namespace that isolates one deployment's subjects and streams. */
export const natsEnv = {
  NATS_URL: envUrl(['nats', 'tls', 'ws', 'wss']).default('nats://127.0.0.1:4222'),
  BUS_NAMESPACE: z
    .string()
    .regex(BUS_NAMESPACE_PATTERN, "expected lower-case letters, digits, '_' and '-'")
    .default(''),
};

/** Postgres, and the schema this service owns; `schema` is its default. */
export function postgresEnv({ schema }: { schema: string }) {
  return {
    DATABASE_URL: envUrl(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/postgres'),
    DB_SCHEMA: z
      .string()
      .regex(POSTGRES_IDENTIFIER, 'expected a lower-case identifier: letters, digits and _, at most 63')
      .default(schema),
  };
}

/** Redis, and the key prefix of this service; `prefix` is its default, e.g. `stats:`. */
export function redisEnv({ prefix }: { prefix: string }) {
  return {
    REDIS_URL: envUrl(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().default(prefix),
  };
}

/**
 * The bearer token of internal HTTP APIs. Outside production it defaults to
 * {@link DEV_INTERNAL_API_TOKEN}; with NODE_ENV=production it must be set, and to something else.
 */
export const internalApiEnv = {
  INTERNAL_API_TOKEN: devDefault(z.string().min(16, 'expected at least 16 characters'), DEV_INTERNAL_API_TOKEN),
};

/** Discord's REST API as reached through rest-proxy (base URL without the version). */
export const discordApiEnv = {
  DISCORD_API_URL: envUrl(['http', 'https']).default('http://127.0.0.1:8080/api'),
};
