import type { APIEmbed } from 'discord-api-types/v10';
import type { Retention, ServerStats } from '../queries/stats-queries.js';
import type { CommandHandler, ReadingCommandDeps } from './command-handler.js';
import { channelMention, EMBED_COLOR, emojiText, formatCount, formatDuration, lines } from './format.js';
import { windowedCommand } from './lookback-window.js';

/** Retention shown by /server: members who left within a week of joining. */
export const RETENTION_DAYS = 7;

/** `/server [days|since|all]`: the guild's activity, growth, busiest channels and emoji. */
export function serverCommand(deps: ReadingCommandDeps): CommandHandler {
  const { queries } = deps;
  return windowedCommand(
    deps,
    'if-slow',
    () => null,
    async ({ invocation: { guildId }, window, period }) => {
      const [stats, retention] = await Promise.all([
        queries.serverStats(guildId, window),
        queries.retention(guildId, window, RETENTION_DAYS),
      ]);
      return { embeds: [serverStatsEmbed(stats, retention, period)] };
    },
  );
}

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));

export function serverStatsEmbed(stats: ServerStats, retention: Retention, period: string): APIEmbed {
  const leftShare = retention.joined === 0 ? '' : ` (${Math.round((retention.leftWithin / retention.joined) * 100)}%)`;
  return {
    color: EMBED_COLOR,
    title: 'Server statistics',
    description: period,
    fields: [
      { name: 'Messages', value: formatCount(stats.messages), inline: true },
      { name: 'Active members', value: formatCount(stats.activeUsers), inline: true },
      { name: 'Voice', value: formatDuration(stats.voiceSeconds), inline: true },
      { name: 'Reactions', value: formatCount(stats.reactions), inline: true },
      { name: 'Members now', value: formatCount(stats.memberCount), inline: true },
      {
        name: 'Joins · leaves',
        value: `${formatCount(stats.joins)} · ${formatCount(stats.leaves)} (${signed(stats.netGrowth)})`,
        inline: true,
      },
      {
        name: `Left within ${retention.days} days of joining`,
        value: `${formatCount(retention.leftWithin)} of ${formatCount(retention.joined)}${leftShare}`,
      },
      {
        name: 'Busiest channels',
        value: lines(
          stats.topChannels.slice(0, 5).map((c) => `${channelMention(c.channelId)} — ${formatCount(c.messages)}`),
          'none',
        ),
        inline: true,
      },
      {
        name: 'Top emoji',
        value: lines(
          stats.topEmoji.slice(0, 5).map((e) => `${emojiText(e.emoji)} — ${formatCount(e.count)}`),
          'none',
        ),
        inline: true,
      },
    ],
  };
}
