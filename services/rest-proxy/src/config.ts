import { envBoolean, envDuration, envInt, envUrl, redisEnv, serviceEnv } from '@platform/service-kit';
import { z } from 'zod';
import { botIdFromToken } from './routes.js';

/** `token,token` → tokens; each must carry a bot id (its first part is the base64 of the bot's user id). */
const botTokens = z
  .string()
  .default('')
  .transform((raw, context) => {
    const tokens = raw
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token !== '');
    tokens.forEach((token, index) => {
      if (!botIdFromToken(token))
        context.addIssue({ code: 'custom', message: `token ${index + 1} is not a bot token` });
    });
    return tokens;
  });

/** `botId:limit,botId:limit` → a map of global limits per bot. */
const perBotLimits = z
  .string()
  .default('')
  .transform((raw, context) => {
    const limits: Record<string, number> = {};
    for (const entry of raw.split(',').map((part) => part.trim())) {
      if (entry === '') continue;
      const match = /^(\d{15,21}):(\d+)$/.exec(entry);
      if (!match?.[1] || !match[2] || Number(match[2]) < 1) {
        context.addIssue({ code: 'custom', message: `expected botId:requestsPerSecond, got ${entry}` });
        continue;
      }
      limits[match[1]] = Number(match[2]);
    }
    return limits;
  });

export const proxyConfigSchema = z.object({
  ...serviceEnv({ name: 'rest-proxy', httpPort: 8080 }),
  ...redisEnv({ prefix: 'rest-proxy' }),
  /** Discord's API base without the version; requests keep the version they name. */
  DISCORD_UPSTREAM_URL: envUrl(['http', 'https']).default('https://discord.com/api'),
  /** The only bot tokens the proxy sends with; any other gets 401 without reaching Discord. */
  BOT_TOKENS: botTokens,
  /** The platform's one bot token, used when BOT_TOKENS is not set (a single-bot deployment, `npm start`). */
  DISCORD_TOKEN: botTokens,
  /** Global requests per second of every bot, unless BOT_GLOBAL_LIMITS says otherwise. */
  GLOBAL_LIMIT: envInt({ min: 1 }).default(50),
  BOT_GLOBAL_LIMITS: perBotLimits,
  /** Replicas sharing the limits: each keeps to 1/REPLICAS of every limit while Redis is unreachable. */
  REPLICAS: envInt({ min: 1 }).default(1),
  /** Requests one bot may have waiting; more get 503 queue_full. */
  QUEUE_LIMIT: envInt({ min: 1 }).default(1000),
  /** Longest a request may wait for its limits (callers may ask for less with X-Proxy-Max-Wait). */
  QUEUE_MAX_WAIT: envDuration.default(30_000),
  /** Time Discord has to answer with headers (and between body chunks). */
  UPSTREAM_TIMEOUT: envDuration.default(15_000),
  /** Retries of 5xx and timeouts, for GET, HEAD, OPTIONS, PUT and DELETE only. */
  UPSTREAM_RETRIES: envInt({ min: 0, max: 10 }).default(2),
  RETRY_BACKOFF: envDuration.default(250),
  /** Times a request answered 429 by Discord is queued again before the 429 is passed on. */
  RATE_LIMIT_RETRIES: envInt({ min: 0, max: 10 }).default(3),
  /** Bodies up to this size are held so the request can be sent again; larger ones are streamed once. */
  REPLAY_BODY_MAX: envInt({ min: 0 }).default(1024 * 1024),
  /** Invalid requests (401, 403, non-shared 429) per 10 minutes at which sending stops; Cloudflare bans at 10,000. */
  INVALID_REQUEST_BUDGET: envInt({ min: 1, max: 10_000 }).default(8000),
  /** Length of the global window: 1 s plus a margin for jitter between reservation and arrival. */
  GLOBAL_WINDOW: envDuration.default(1100),
  /** Added to every reset Discord announces. */
  RESET_MARGIN: envDuration.default(150),
  /** Time on the local share after Redis comes back, while other replicas reconnect. */
  REDIS_RECOVERY_GRACE: envDuration.default(10_000),
  /** Stop using a bot token once Discord answers 401 to it. */
  LOCK_ON_401: envBoolean.default(true),
});

export type ProxyConfig = z.infer<typeof proxyConfigSchema>;
