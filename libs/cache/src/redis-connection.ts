import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

/** A node-redis client for one service, with its key prefix. */
export interface RedisConnection {
  readonly client: RedisClient;
  /** The service's prefix, ending with ':'. */
  readonly prefix: string;
  /** `key('leaderboard', guildId)` → `'<prefix>leaderboard:<guildId>'`; every key the service uses goes through here. */
  key(...parts: Array<string | number>): string;
  /**
   * Resolves once connected; while Redis is away it keeps retrying with backoff. Callers that can work
   * without Redis (the cache can) need not wait for it.
   */
  connect(): Promise<void>;
  /** True when Redis answers PING in time: a readiness check. */
  ping(): Promise<boolean>;
  /** Lets pending commands finish, then closes; stops reconnect attempts. */
  quit(): Promise<void>;
}

export interface CreateRedisOptions {
  url: string;
  /** The service's key prefix, such as `stats` or `stats:`. */
  prefix: string;
  /** Told once when Redis becomes unreachable and once when it is back, not at every retry. */
  logger?: Logger;
}

const PREFIX = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*:?$/;
const PING_TIMEOUT_MS = 1000;

export function createRedis(options: CreateRedisOptions): RedisConnection {
  if (!PREFIX.test(options.prefix)) {
    throw new TypeError(
      `Redis key prefix ${JSON.stringify(options.prefix)} must be ':'-separated words of letters, digits, '_', '.' and '-'`,
    );
  }
  const prefix = options.prefix.endsWith(':') ? options.prefix : `${options.prefix}:`;
  const client: RedisClient = createClient({
    url: options.url,
    // Fail commands at once while disconnected instead of queueing them for an unknown time:
    // callers such as the cache then fall back to the database immediately.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      // Always reconnect (the default gives up after a socket timeout), backing off to 5 s, with jitter
      // so replicas do not reconnect in lockstep.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) + Math.floor(Math.random() * 100),
    },
  });

  let outageLogged = false;
  // Without an 'error' listener node-redis would crash the process on the first connection error.
  client.on('error', (error: unknown) => {
    if (outageLogged) return;
    outageLogged = true;
    options.logger?.warn({ err: error, prefix }, 'redis unreachable; reconnecting with backoff');
  });
  client.on('ready', () => {
    if (!outageLogged) return;
    outageLogged = false;
    options.logger?.info({ prefix }, 'redis reachable again');
  });

  const pinger = client.withCommandOptions({ timeout: PING_TIMEOUT_MS });
  let connecting: Promise<void> | undefined;

  return {
    client,
    prefix,
    key(...parts) {
      if (parts.length === 0 || parts.some((part) => part === '')) {
        throw new TypeError(`a Redis key needs non-empty parts, got ${JSON.stringify(parts)}`);
      }
      return `${prefix}${parts.join(':')}`;
    },
    connect() {
      connecting ??= client.connect().then(() => undefined);
      // Marked handled here so a caller that does not wait is not punished with an unhandled rejection on quit().
      connecting.catch(() => {});
      return connecting;
    },
    async ping() {
      if (!client.isReady) return false;
      try {
        return (await pinger.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async quit() {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
