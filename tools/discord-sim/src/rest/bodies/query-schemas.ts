import { z } from 'zod';
import { snowflake } from './snowflake.js';

const limit = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** `GET /channels/{id}/messages`: at most one of before, after and around. */
export const messagesQuery = z.object({
  before: snowflake.optional(),
  after: snowflake.optional(),
  around: snowflake.optional(),
  limit: limit(1, 100, 50),
});

/** `GET /guilds/{id}/members`. */
export const membersQuery = z.object({ after: snowflake.optional(), limit: limit(1, 1000, 1) });

/** `GET /users/@me/guilds`. */
export const userGuildsQuery = z.object({
  before: snowflake.optional(),
  after: snowflake.optional(),
  limit: limit(1, 200, 200),
  with_counts: z.stringbool().optional(),
});

/** `GET /guilds/{id}/members/search`. */
export const memberSearchQuery = z.object({ query: z.string(), limit: limit(1, 1000, 1) });

/** `GET /channels/{c}/messages/{m}/reactions/{emoji}`. */
export const reactionUsersQuery = z.object({
  after: snowflake.optional(),
  limit: limit(1, 100, 25),
  type: z.coerce.number().int().min(0).max(1).optional(),
});

/** `GET /channels/{id}/threads/archived/{public|private}`: `before` is an ISO timestamp. */
export const archivedThreadsQuery = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: limit(2, 100, 50),
});

/** `GET /channels/{id}/messages/pins`: `before` is an ISO timestamp of pinning. */
export const pinsQuery = z.object({ before: z.iso.datetime({ offset: true }).optional(), limit: limit(1, 50, 50) });

/** `?with_response=` of the interaction callback. */
export const callbackQuery = z.object({ with_response: z.stringbool().optional() });
