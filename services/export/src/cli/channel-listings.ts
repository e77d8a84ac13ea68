import { type APIChannel, ChannelType } from 'discord-api-types/v10';
import { channelName, isThread, isVoiceChannel } from '../convert/convert-channel.js';
import type { ThreadInclusion } from '../options/export-options.js';
import { channelListOrder, fetchThreads, listDirectChannels, listGuilds } from '../source/channel-listing.js';
import type { DiscordConnection } from './discord-flags.js';

/** Rows of `id | text`, the ids padded to one width, as DCE prints its lists. */
export function idTable(rows: readonly { id: string; text: string; prefix?: string }[]): string {
  const width = Math.max(0, ...rows.map((row) => row.id.length));
  return rows.map((row) => `${row.prefix ?? ''}${row.id.padEnd(width)} | ${row.text}\n`).join('');
}

/** `guilds`: DCE's pseudo-guild of direct messages first (id 0), then the bot's guilds by name. */
export async function guildsText(discord: DiscordConnection): Promise<string> {
  const guilds = await listGuilds(discord.session);
  return idTable(guilds.map((guild) => ({ id: guild.id, text: guild.name })));
}

/**
 * `channels -g`: `id | Category / name` in DCE's order, forums included (their posts are the
 * threads under them); each channel's threads under it as ` * id | Thread / name | Archived|Active`.
 */
export async function channelsText(
  discord: DiscordConnection,
  guildId: string,
  includeVoice: boolean,
  threads: ThreadInclusion,
): Promise<string> {
  const guild = await discord.session.guild(guildId);
  const chosen = guild.channels.filter(
    (channel) => channel.type !== ChannelType.GuildCategory && (includeVoice || !isVoiceChannel(channel)),
  );
  const found = threads === 'none' ? [] : await fetchThreads(discord.session, guildId, chosen, threads);
  const byId = new Map(guild.channels.map((channel) => [channel.id, channel]));
  const parentName = (channel: APIChannel) => {
    const parent = 'parent_id' in channel && channel.parent_id ? byId.get(channel.parent_id) : undefined;
    return parent ? `${channelName(parent)} / ${channelName(channel)}` : channelName(channel);
  };
  const rows = channelListOrder([...chosen, ...found], guild.channels).map((channel) =>
    isThread(channel)
      ? {
          prefix: ' * ',
          id: channel.id,
          text: `Thread / ${channelName(channel)} | ${'thread_metadata' in channel && channel.thread_metadata?.archived ? 'Archived' : 'Active'}`,
        }
      : { id: channel.id, text: parentName(channel) },
  );
  return idTable(rows);
}

/** `dm`: the bot's DM and group DM channels, the most recently active first, then by name. */
export async function directChannelsText(discord: DiscordConnection): Promise<string> {
  const channels = await listDirectChannels(discord.session);
  return idTable(channels.map((channel) => ({ id: channel.id, text: channelName(channel) })));
}
