import { ChannelType } from 'discord-api-types/v10';
import { discordErrors } from './errors.js';
import { checkBoolean, checkChoice, checkInteger, checkLength } from './field-checks.js';
import { type ChannelLayout, channelLayout, type GuildLayout } from './layout.js';
import { compareIds } from './snowflake.js';
import type { ChannelInput, ChannelPatch } from './world.js';

const CREATABLE: readonly ChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
];
/** Channels with a topic; their names are lower-cased with dashes. */
const TOPICAL: readonly ChannelType[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum];
const MAX_CHANNELS = 500;

/** A new channel of the guild, last in position order, added to it; throws Discord's error for a bad input. */
export function addChannel(guild: GuildLayout, id: string, key: number, input: ChannelInput): ChannelLayout {
  checkChoice('type', input.type, CREATABLE);
  if (guild.channels.length >= MAX_CHANNELS) throw discordErrors.maxChannels();
  const position = guild.channels.reduce((last, c) => Math.max(last, c.position), -1) + 1;
  const layout = channelLayout(guild, id, input.type, '', position);
  layout.key = key;
  const { name, parent_id, topic } = input;
  applyChannelPatch(layout, {
    name,
    ...(parent_id === undefined ? {} : { parent_id }),
    ...(topic === undefined ? {} : { topic }),
  });
  guild.channels.push(layout);
  return layout;
}

/** Checks every field of the patch, then applies it: a refused patch changes nothing. */
export function applyChannelPatch(channel: ChannelLayout, patch: ChannelPatch): void {
  const { guild } = channel;
  if (patch.name !== undefined) checkLength('name', patch.name, 1, 100);
  if (patch.topic !== undefined && patch.topic !== null) {
    if (!TOPICAL.includes(channel.type))
      throw discordErrors.invalidForm(['topic'], 'CHANNEL_TYPE_INVALID', 'Channels of this type have no topic.');
    checkLength('topic', patch.topic, 0, 1024);
  }
  if (patch.nsfw !== undefined) checkBoolean('nsfw', patch.nsfw);
  if (patch.position !== undefined) checkInteger('position', patch.position, 0, MAX_CHANNELS * 10);
  if (patch.parent_id !== undefined && patch.parent_id !== null) {
    const parent = guild.channels.find((c) => c.id === patch.parent_id);
    if (channel.type === ChannelType.GuildCategory || parent?.type !== ChannelType.GuildCategory)
      throw discordErrors.invalidForm(['parent_id'], 'CHANNEL_PARENT_INVALID', 'Not a category of this guild.');
  }

  if (patch.name !== undefined)
    channel.name = TOPICAL.includes(channel.type) ? patch.name.toLowerCase().replace(/\s+/g, '-') : patch.name;
  if (patch.topic !== undefined) channel.topic = patch.topic;
  if (patch.nsfw !== undefined) channel.nsfw = patch.nsfw;
  if (patch.parent_id !== undefined) channel.parentId = patch.parent_id;
  if (patch.position !== undefined) {
    channel.position = patch.position;
    guild.channels.sort((a, b) => a.position - b.position || compareIds(a.id, b.id));
  }
}

/**
 * Takes a channel out of its guild with its threads; a category's children move to the top level.
 * Returns the threads that went with it and the children that moved.
 */
export function removeChannel(channel: ChannelLayout): { threads: ChannelLayout[]; orphans: ChannelLayout[] } {
  const { guild } = channel;
  guild.channels = guild.channels.filter((c) => c !== channel);
  guild.threads = guild.threads.filter((t) => t.thread?.parent !== channel);
  const orphans = guild.channels.filter((c) => c.parentId === channel.id);
  for (const orphan of orphans) orphan.parentId = null;
  return { threads: channel.threads, orphans };
}
