import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { LeaderboardType, TimelineGranularity, TimelineMetric } from '../queries/stats-queries.js';
import { MAX_DAYS } from '../window/lookback.js';

/** The most rows a leaderboard shows in Discord: one line each in an embed. */
export const MAX_LEADERBOARD_LIMIT = 25;
export const MAX_INACTIVE_LIMIT = 50;

type Command = RESTPostAPIChatInputApplicationCommandsJSONBody;

export const LEADERBOARD_TYPES = ['messages', 'voice', 'reactions'] as const satisfies readonly LeaderboardType[];
export const TIMELINE_METRICS = ['messages', 'members', 'voice'] as const satisfies readonly TimelineMetric[];
export const GRANULARITIES = ['hour', 'day'] as const satisfies readonly TimelineGranularity[];

/** String choices shown as their own values. */
const choices = (values: readonly string[]) => values.map((value) => ({ name: value, value }));

/** `days`, `since`, `all`: how far back an answer looks, shared by every reading command. */
const LOOKBACK_OPTIONS: APIApplicationCommandBasicOption[] = [
  {
    type: ApplicationCommandOptionType.Integer,
    name: 'days',
    description: 'Look back this many days (default 30)',
    min_value: 1,
    max_value: MAX_DAYS,
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'since',
    description: 'Look back to this date, e.g. 2025-01-31 (midnight in the server time zone)',
    min_length: 10,
    max_length: 35,
  },
  { type: ApplicationCommandOptionType.Boolean, name: 'all', description: 'All time' },
];

const guildCommand = (name: string, description: string, options: Command['options']): Command => ({
  type: ApplicationCommandType.ChatInput,
  name,
  description,
  contexts: [InteractionContextType.Guild],
  ...(options && options.length > 0 ? { options } : {}),
});

const subcommand = (name: string, description: string, options: APIApplicationCommandBasicOption[] = []) => ({
  type: ApplicationCommandOptionType.Subcommand as const,
  name,
  description,
  ...(options.length > 0 ? { options } : {}),
});

/**
 * The stats service's slash commands, registered at start with one bulk overwrite. Their names are the ones
 * `COMMAND_OWNERS` routes to stats. Option bounds here are what Discord enforces in its client; the
 * handlers check them again, since an interaction is only data.
 */
export const STATS_COMMANDS: Command[] = [
  guildCommand('stats', "A member's messages, voice time and reactions", [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'Whose statistics (default: yours)' },
    ...LOOKBACK_OPTIONS,
  ]),
  guildCommand('server', "The server's activity, growth and busiest channels", LOOKBACK_OPTIONS),
  guildCommand('leaderboard', 'Most active members, with your own rank', [
    {
      type: ApplicationCommandOptionType.String,
      name: 'type',
      description: 'What to rank by',
      required: true,
      choices: choices(LEADERBOARD_TYPES),
    },
    ...LOOKBACK_OPTIONS,
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'limit',
      description: `How many members to show (1–${MAX_LEADERBOARD_LIMIT}, default 10)`,
      min_value: 1,
      max_value: MAX_LEADERBOARD_LIMIT,
    },
  ]),
  guildCommand('heatmap', 'Messages by hour and weekday, in the server time zone', LOOKBACK_OPTIONS),
  guildCommand('chart', 'A chart of activity over time', [
    {
      type: ApplicationCommandOptionType.String,
      name: 'metric',
      description: 'What to chart (default messages)',
      choices: choices(TIMELINE_METRICS),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'granularity',
      description: 'Points per hour or per day (default: hours up to 3 days, then days)',
      choices: choices(GRANULARITIES),
    },
    ...LOOKBACK_OPTIONS,
  ]),
  guildCommand('inactive', 'Members with no activity for a while', [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'days',
      description: 'Inactive for at least this many days (default 30)',
      min_value: 1,
      max_value: MAX_DAYS,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'limit',
      description: `How many members to list (1–${MAX_INACTIVE_LIMIT}, default 20)`,
      min_value: 1,
      max_value: MAX_INACTIVE_LIMIT,
    },
  ]),
  guildCommand('stats-settings', 'Statistics settings (changes need Manage Server; opting out does not)', [
    subcommand('show', 'Show the current settings'),
    subcommand('timezone', 'Set the time zone of days, heatmaps and charts', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'zone',
        description: 'An IANA time zone, e.g. Europe/Paris',
        required: true,
        max_length: 64,
      },
    ]),
    subcommand('exclude-channel', 'Stop counting a channel', [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'The channel',
        required: true,
        channel_types: [
          ChannelType.GuildText,
          ChannelType.GuildVoice,
          ChannelType.GuildAnnouncement,
          ChannelType.GuildForum,
          ChannelType.GuildStageVoice,
        ],
      },
    ]),
    subcommand('include-channel', 'Count an excluded channel again', [
      { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'The channel', required: true },
    ]),
    subcommand('content', 'Store message content or not (off by default)', [
      { type: ApplicationCommandOptionType.Boolean, name: 'enabled', description: 'Store content', required: true },
    ]),
    subcommand('optout', 'Remove your statistics from this server and stop counting you'),
    subcommand('optin', 'Count you again from now on'),
  ]),
];
