import { hostname } from 'node:os';
import {
  discordApiEnv,
  envBoolean,
  envDuration,
  envInt,
  envUrl,
  natsEnv,
  redisEnv,
  serviceEnv,
} from '@platform/service-kit';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { discordPublicKeyEnv } from './interaction-signature.js';

/** Guilds, members, voice states, messages, reactions and message content. */
export const DEFAULT_INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildVoiceStates |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.MessageContent;

/** `Guilds,GuildMessages` (discord-api-types' names), a bit field such as `33281`, or a mix. */
export const intents = z
  .string()
  .default(String(DEFAULT_INTENTS))
  .transform((raw, context) => {
    let bits = 0;
    for (const part of raw.split(',').map((p) => p.trim())) {
      if (part === '') continue;
      if (/^\d+$/.test(part)) bits |= Number(part);
      else if (part in GatewayIntentBits) bits |= GatewayIntentBits[part as keyof typeof GatewayIntentBits];
      else context.addIssue({ code: 'custom', message: `unknown intent ${part}` });
    }
    return bits;
  });

export const gatewayConfigSchema = z.object({
  ...serviceEnv({ name: 'gateway-ingest', httpPort: 8081 }),
  ...natsEnv,
  ...discordApiEnv,
  /** The shared guild cache's Redis; every service reads it under this prefix. */
  ...redisEnv({ prefix: 'discord:' }),
  DISCORD_TOKEN: z.string().trim().min(1, 'the bot token is required'),
  /** REST base for GET /gateway/bot; DISCORD_API_URL (rest-proxy) when not set. */
  DISCORD_UPSTREAM_URL: envUrl(['http', 'https']).optional(),
  /** Overrides the gateway URL /gateway/bot announces (the stack points it at the simulator). */
  DISCORD_GATEWAY_URL: envUrl(['ws', 'wss']).optional(),
  INTENTS: intents,
  /** Total shards; what /gateway/bot recommends when not set. */
  SHARD_COUNT: envInt({ min: 1 }).optional(),
  /** Overrides /gateway/bot's session_start_limit.max_concurrency. */
  MAX_CONCURRENCY: envInt({ min: 1 }).optional(),
  /** Discord's identify window per rate-limit bucket. */
  IDENTIFY_WINDOW: envDuration.default(5_000),
  /** A shard lease not renewed for this long is taken over by another replica; renewed every third of it. */
  LEASE_TTL: envDuration.default(15_000),
  /** Events held while NATS is away: 50 s at 5,000 events/s by default (about 1 KB each, encoded). */
  BUFFER_CAPACITY: envInt({ min: 1 }).default(250_000),
  PUBLISH_TIMEOUT: envDuration.default(2_000),
  /** Keep the shared guild cache in Redis from the dispatches. */
  GUILD_CACHE: envBoolean.default(true),
  /** Dispatches waiting for Redis; past it a guild leaves the cache until its next GUILD_CREATE. */
  GUILD_CACHE_CAPACITY: envInt({ min: 1 }).default(100_000),
  /** The application's public key: when set, POST /interactions takes Discord's HTTP interactions. */
  DISCORD_PUBLIC_KEY: discordPublicKeyEnv.optional(),
  REPLICA_ID: z.string().trim().min(1).default(`${hostname()}-${process.pid}`),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
