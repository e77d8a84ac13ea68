import type { APIEmbed } from 'discord-api-types/v10';
import type { InactiveMember, StatsQueries } from '../queries/stats-queries.js';
import { checkLimit } from '../window/limit.js';
import { checkDays, windowEnd } from '../window/lookback.js';
import { DAY_MS } from '../window/zoned-time.js';
import { MAX_INACTIVE_LIMIT } from './command-definitions.js';
import type { CommandHandler } from './command-handler.js';
import { EMBED_COLOR, lines, relativeTime, userMention } from './format.js';

export const DEFAULT_INACTIVE_DAYS = 30;
export const DEFAULT_INACTIVE_LIMIT = 20;

/**
 * Where inactivity starts for "inactive for `days` days": hour-aligned like every window, so the same
 * question within an hour is the same cached answer.
 */
export function inactiveSince(days: number, now: number): Date {
  return new Date(windowEnd(now) - days * DAY_MS);
}

/** `/inactive [days] [limit]`: current members with nothing counted for that long, longest silent first. */
export function inactiveCommand({ queries }: { queries: StatsQueries }): CommandHandler {
  return ({ guildId, options, now }) => {
    const days = checkDays(options.integer('days'), DEFAULT_INACTIVE_DAYS);
    const limit = checkLimit(options.integer('limit'), DEFAULT_INACTIVE_LIMIT, MAX_INACTIVE_LIMIT);
    return {
      defer: 'if-slow',
      ephemeral: false,
      async run() {
        const members = await queries.inactive(guildId, inactiveSince(days, now), limit);
        return { embeds: [inactiveEmbed(members, days)] };
      },
    };
  };
}

export function inactiveEmbed(members: InactiveMember[], days: number): APIEmbed {
  return {
    color: EMBED_COLOR,
    title: `Inactive for ${days} days or more`,
    description: lines(
      members.map(
        (m) =>
          `${userMention(m.userId)} — ${m.lastActiveAt === null ? 'never active' : `last active ${relativeTime(m.lastActiveAt)}`}`,
      ),
      'Everyone has been active.',
    ),
    footer: { text: `${members.length} shown, least recently active first` },
  };
}
