import type { APIEmbed } from 'discord-api-types/v10';
import type { UserStats } from '../queries/stats-queries.js';
import type { CommandHandler, ReadingCommandDeps } from './command-handler.js';
import {
  channelMention,
  EMBED_COLOR,
  formatCount,
  formatDuration,
  lines,
  relativeTime,
  userMention,
} from './format.js';
import { windowedCommand } from './lookback-window.js';

/** `/stats [user] [days|since|all]`: one member's figures and ranks. */
export function statsCommand(deps: ReadingCommandDeps): CommandHandler {
  const { queries, settings } = deps;
  return windowedCommand(
    deps,
    'if-slow',
    ({ options, userId }) => options.id('user') ?? userId,
    async ({ invocation: { guildId }, params: target, window, period }) => {
      if (await settings.isOptedOut(guildId, target))
        return { content: `${userMention(target)} opted out of statistics: nothing about them is kept.` };
      return { embeds: [userStatsEmbed(await queries.userStats(guildId, target, window), period)] };
    },
  );
}

const rank = (r: number | null) => (r === null ? '' : ` · #${r}`);

/** Streaming, camera, muted and deafened time, where there was any. */
function voiceParts(stats: UserStats): string {
  const parts = [
    ['streaming', stats.streamSeconds],
    ['camera', stats.videoSeconds],
    ['muted', stats.muteSeconds],
    ['deafened', stats.deafSeconds],
  ] as const;
  const shown = parts
    .filter(([, seconds]) => seconds > 0)
    .map(([what, seconds]) => `${formatDuration(seconds)} ${what}`);
  return shown.length > 0 ? `\n${shown.join(' · ')}` : '';
}

export function userStatsEmbed(stats: UserStats, period: string): APIEmbed {
  return {
    color: EMBED_COLOR,
    title: 'Member statistics',
    description: `${userMention(stats.userId)} · ${period}`,
    fields: [
      { name: 'Messages', value: `${formatCount(stats.messages)}${rank(stats.messageRank)}`, inline: true },
      {
        name: 'Voice',
        value: `${formatDuration(stats.voiceSeconds)}${rank(stats.voiceRank)}${voiceParts(stats)}`,
        inline: true,
      },
      {
        name: 'Reactions',
        value: `${formatCount(stats.reactionsGiven)} given · ${formatCount(stats.reactionsReceived)} received`,
        inline: true,
      },
      { name: 'Attachments', value: formatCount(stats.attachments), inline: true },
      {
        name: 'Edits · deletions',
        value: `${formatCount(stats.edits)} · ${formatCount(stats.deletions)}`,
        inline: true,
      },
      {
        name: 'Last active',
        value: stats.lastActiveAt === null ? 'never' : relativeTime(stats.lastActiveAt),
        inline: true,
      },
      {
        name: 'Top channels',
        value: lines(
          stats.topChannels.slice(0, 5).map((c) => `${channelMention(c.channelId)} — ${formatCount(c.messages)}`),
          'none',
        ),
      },
    ],
  };
}
