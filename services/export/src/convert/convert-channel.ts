import { type APIChannel, type APIGuild, ChannelType } from 'discord-api-types/v10';
import type { ChannelRef } from '../markdown/guild-directory.js';
import type { ChannelKind, ExportChannel, ExportGuild } from '../model/export-document.js';
import type { CdnUrls } from './cdn-urls.js';
import { displayName } from './convert-user.js';

const channelKinds: Readonly<Record<number, ChannelKind>> = {
  [ChannelType.GuildText]: 'GuildTextChat',
  [ChannelType.DM]: 'DirectTextChat',
  [ChannelType.GuildVoice]: 'GuildVoiceChat',
  [ChannelType.GroupDM]: 'DirectGroupTextChat',
  [ChannelType.GuildCategory]: 'GuildCategory',
  [ChannelType.GuildAnnouncement]: 'GuildNews',
  [ChannelType.AnnouncementThread]: 'GuildNewsThread',
  [ChannelType.PublicThread]: 'GuildPublicThread',
  [ChannelType.PrivateThread]: 'GuildPrivateThread',
  [ChannelType.GuildStageVoice]: 'GuildStageVoice',
  [ChannelType.GuildDirectory]: 'GuildDirectory',
  [ChannelType.GuildForum]: 'GuildForum',
  // DCE has no kind of its own for media channels; they hold posts as forums do.
  [ChannelType.GuildMedia]: 'GuildForum',
};

/** DCE's ChannelKind of a Discord channel type; a type it does not know is exported as a text channel. */
export const toChannelKind = (type: ChannelType): ChannelKind => channelKinds[type] ?? 'GuildTextChat';

/** The id of DCE's pseudo-guild that holds direct messages. */
export const DIRECT_MESSAGES_GUILD_ID = '0';

/** DCE's pseudo-guild of direct messages. */
export const directMessagesGuild = (cdn: CdnUrls): ExportGuild => ({
  id: DIRECT_MESSAGES_GUILD_ID,
  name: 'Direct Messages',
  iconUrl: cdn.fallbackIcon(),
});

export const toExportGuild = (guild: Pick<APIGuild, 'id' | 'name' | 'icon'>, cdn: CdnUrls): ExportGuild => ({
  id: guild.id,
  name: guild.name,
  iconUrl: cdn.guildIcon(guild.id, guild.icon),
});

export const isVoiceChannel = (channel: Pick<APIChannel, 'type'>): boolean =>
  channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice;

export const isThread = (channel: Pick<APIChannel, 'type'>): boolean =>
  channel.type === ChannelType.PublicThread ||
  channel.type === ChannelType.PrivateThread ||
  channel.type === ChannelType.AnnouncementThread;

/** A channel's name as DCE shows it: a DM without one is named after its recipients. */
export function channelName(channel: APIChannel): string {
  if (channel.name?.trim()) return channel.name;
  const recipients = 'recipients' in channel ? (channel.recipients ?? []) : [];
  return recipients.length > 0 ? recipients.map((user) => displayName(user)).join(', ') : channel.id;
}

export const toChannelRef = (channel: APIChannel): ChannelRef => ({
  name: channelName(channel),
  isVoice: isVoiceChannel(channel),
});

/** The channel as DCE's JSON header has it, with its parent: the category, or a thread's channel. */
export function toExportChannel(channel: APIChannel, parent: APIChannel | undefined, cdn: CdnUrls): ExportChannel {
  const exported: ExportChannel = {
    id: channel.id,
    type: toChannelKind(channel.type),
    categoryId: parent?.id ?? null,
    category: parent ? channelName(parent) : null,
    name: channelName(channel),
    topic: ('topic' in channel ? channel.topic : null) ?? null,
  };
  const icon = 'icon' in channel ? channel.icon : null;
  if (icon) exported.iconUrl = cdn.channelIcon(channel.id, icon);
  return exported;
}
