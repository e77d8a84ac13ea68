import type { APIEmbed } from 'discord-api-types/v10';
import type { Leaderboard, LeaderboardRow, LeaderboardType } from '../queries/stats-queries.js';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import { checkLimit } from '../window/limit.js';
import { LEADERBOARD_TYPES, MAX_LEADERBOARD_LIMIT } from './command-definitions.js';
import type { CommandHandler, ReadingCommandDeps } from './command-handler.js';
import { EMBED_COLOR, formatCount, formatDuration, lines, userMention } from './format.js';
import { windowedCommand } from './lookback-window.js';

export const DEFAULT_LEADERBOARD_LIMIT = 10;

/** `/leaderboard type [days|since|all] [limit]`: the top members by one measure, and the caller's own place. */
export function leaderboardCommand(deps: ReadingCommandDeps): CommandHandler {
  const { queries } = deps;
  return windowedCommand(
    deps,
    'if-slow',
    ({ options }) => {
      const type = options.choice('type', LEADERBOARD_TYPES);
      if (type === undefined) throw new InvalidOptionError('type', 'type is required: messages, voice or reactions.');
      return { type, limit: checkLimit(options.integer('limit'), DEFAULT_LEADERBOARD_LIMIT, MAX_LEADERBOARD_LIMIT) };
    },
    async ({ invocation: { guildId, userId }, params: { type, limit }, window, period }) => {
      const board = await queries.leaderboard(guildId, type, window, limit, userId);
      return { embeds: [leaderboardEmbed(board, period, userId)] };
    },
  );
}

const TITLES: Record<LeaderboardType, string> = {
  messages: 'Top members by messages',
  voice: 'Top members by voice time',
  reactions: 'Top members by reactions given',
};
const MEDALS = ['🥇', '🥈', '🥉'];

export function formatBoardValue(type: LeaderboardType, value: number): string {
  if (type === 'voice') return formatDuration(value);
  return `${formatCount(value)} ${type === 'messages' ? 'messages' : 'reactions'}`;
}

function line(type: LeaderboardType, row: LeaderboardRow): string {
  const place = MEDALS[row.rank - 1] ?? `**${row.rank}.**`;
  return `${place} ${userMention(row.userId)} — ${formatBoardValue(type, row.value)}`;
}

export function leaderboardEmbed(board: Leaderboard, period: string, callerId: string): APIEmbed {
  const caller = board.caller;
  return {
    color: EMBED_COLOR,
    title: TITLES[board.type],
    description: `${period}\n\n${lines(
      board.rows.map((row) => line(board.type, row)),
      'Nobody has any yet.',
    )}`,
    fields: [
      {
        name: 'Your rank',
        value: caller
          ? `#${caller.rank} ${userMention(callerId)} — ${formatBoardValue(board.type, caller.value)}`
          : `${userMention(callerId)} has none in this period.`,
      },
    ],
  };
}
