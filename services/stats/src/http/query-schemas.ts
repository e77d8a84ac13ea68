import { z } from 'zod';
import { GRANULARITIES, LEADERBOARD_TYPES, TIMELINE_METRICS } from '../commands/command-definitions.js';
import { isTimeZone } from '../window/zoned-time.js';

/** The types of the HTTP API's query strings; what they mean (ranges, one lookback mode) is checked as for commands. */

const snowflake = z.string().regex(/^\d{15,21}$/, 'expected a Discord id (a snowflake)');
const wholeNumber = z.coerce.number().int('expected a whole number');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const guildParams = z.object({ guildId: snowflake });
export const userParams = z.object({ guildId: snowflake, userId: snowflake });

/** `days=N`, `since=2025-01-31` or `all=true`; none is the default lookback. */
export const lookbackQuery = z.object({
  days: wholeNumber.optional(),
  since: z.string().optional(),
  all: flag.optional(),
});

/** `tz=Europe/Paris` overrides the guild's zone for one answer. */
const zoneQuery = z.object({
  tz: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris' }).optional(),
});

export const leaderboardQuery = lookbackQuery.extend({
  type: z.enum(LEADERBOARD_TYPES),
  limit: wholeNumber.optional(),
  /** Whose rank to include beside the rows. */
  caller: snowflake.optional(),
});

export const heatmapQuery = lookbackQuery.extend(zoneQuery.shape);

export const timelineQuery = lookbackQuery.extend({
  ...zoneQuery.shape,
  metric: z.enum(TIMELINE_METRICS).default('messages'),
  granularity: z.enum(GRANULARITIES).optional(),
});

export const inactiveQuery = z.object({ days: wholeNumber.optional(), limit: wholeNumber.optional() });
