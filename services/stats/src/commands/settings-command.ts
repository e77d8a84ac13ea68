import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildSettings, GuildSettingsStore } from '../queries/stats-queries.js';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import { isTimeZone } from '../window/zoned-time.js';
import type { Answer, CommandHandler, Invocation } from './command-handler.js';
import { channelMention, EMBED_COLOR } from './format.js';

export interface SettingsCommandDeps {
  settings: GuildSettingsStore;
  /** Drops the guild's cached answers once a change alters what is counted or how it is bucketed. */
  invalidateGuild(guildId: string): Promise<unknown>;
}

/** Changing what a guild counts takes Manage Server (Administrator implies it). */
export function canManageGuild(permissions: bigint): boolean {
  return (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

type Subcommand = (invocation: Invocation) => () => Promise<Answer>;

/**
 * `/stats-settings …`: the guild's time zone, excluded channels and content storage (Manage Server), and
 * each member's own opt-out and opt-in. Answers are ephemeral; a refused change changes nothing.
 */
export function settingsCommand({ settings, invalidateGuild }: SettingsCommandDeps): CommandHandler {
  const admin =
    (change: (invocation: Invocation) => Promise<Answer>): Subcommand =>
    (invocation) => {
      if (!canManageGuild(invocation.permissions))
        throw new InvalidOptionError('permissions', 'Changing statistics settings needs the Manage Server permission.');
      return () => change(invocation);
    };
  const changed = async (guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>, what: string) => {
    const updated = await settings.update(guildId, change);
    await invalidateGuild(guildId);
    return { content: what, embeds: [settingsEmbed(updated)] };
  };

  const subcommands: Record<string, Subcommand> = {
    show:
      ({ guildId, userId }) =>
      async () => {
        const [current, optedOut] = await Promise.all([settings.get(guildId), settings.isOptedOut(guildId, userId)]);
        return {
          embeds: [settingsEmbed(current)],
          content: optedOut ? 'You opted out: nothing about you is counted.' : 'You are counted.',
        };
      },
    timezone: (invocation) => {
      const zone = invocation.options.string('zone')?.trim() ?? '';
      if (!isTimeZone(zone))
        throw new InvalidOptionError('zone', `"${zone}" is not a time zone; use an IANA name such as Europe/Paris.`);
      return admin(({ guildId }) => changed(guildId, { timeZone: zone }, `Time zone set to ${zone}.`))(invocation);
    },
    'exclude-channel': admin(async ({ guildId, options }) => {
      const channel = requiredChannel(options.id('channel'));
      const { excludedChannelIds } = await settings.get(guildId);
      if (excludedChannelIds.includes(channel)) return { content: `${channelMention(channel)} is already excluded.` };
      return changed(
        guildId,
        { excludedChannelIds: [...excludedChannelIds, channel] },
        `${channelMention(channel)} is no longer counted.`,
      );
    }),
    'include-channel': admin(async ({ guildId, options }) => {
      const channel = requiredChannel(options.id('channel'));
      const { excludedChannelIds } = await settings.get(guildId);
      if (!excludedChannelIds.includes(channel)) return { content: `${channelMention(channel)} is not excluded.` };
      return changed(
        guildId,
        { excludedChannelIds: excludedChannelIds.filter((id) => id !== channel) },
        `${channelMention(channel)} is counted again from now on.`,
      );
    }),
    content: (invocation) => {
      const enabled = invocation.options.boolean('enabled');
      if (enabled === undefined) throw new InvalidOptionError('enabled', 'enabled is required: true or false.');
      return admin(({ guildId }) =>
        changed(
          guildId,
          { storeContent: enabled },
          enabled ? 'Message content is stored from now on.' : 'Message content is no longer stored.',
        ),
      )(invocation);
    },
    optout:
      ({ guildId, userId }) =>
      async () => {
        await settings.optOut(guildId, userId);
        await invalidateGuild(guildId);
        return { content: 'Your statistics in this server were removed, and you are no longer counted.' };
      },
    optin:
      ({ guildId, userId }) =>
      async () => {
        await settings.optIn(guildId, userId);
        return { content: 'You are counted again from now on.' };
      },
  };

  return (invocation) => {
    const name = invocation.options.subcommand ?? '';
    const subcommand = subcommands[name];
    if (!subcommand)
      throw new InvalidOptionError(
        'subcommand',
        `Unknown setting "${name}"; use one of ${Object.keys(subcommands).join(', ')}.`,
      );
    return { defer: 'if-slow', ephemeral: true, run: subcommand(invocation) };
  };
}

function requiredChannel(id: string | undefined): string {
  if (id === undefined) throw new InvalidOptionError('channel', 'channel is required.');
  return id;
}

export function settingsEmbed(settings: GuildSettings) {
  return {
    color: EMBED_COLOR,
    title: 'Statistics settings',
    fields: [
      { name: 'Time zone', value: settings.timeZone, inline: true },
      { name: 'Message content', value: settings.storeContent ? 'stored' : 'not stored', inline: true },
      {
        name: 'Excluded channels',
        value:
          settings.excludedChannelIds.length > 0 ? settings.excludedChannelIds.map(channelMention).join(', ') : 'none',
      },
    ],
  };
}
