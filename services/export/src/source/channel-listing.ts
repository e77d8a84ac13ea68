import { compareSnowflakes } from '@platform/discord';
import { type APIChannel, type APIThreadChannel, ChannelType } from 'discord-api-types/v10';
import {
  channelName,
  DIRECT_MESSAGES_GUILD_ID,
  directMessagesGuild,
  isThread,
  isVoiceChannel,
  toExportGuild,
} from '../convert/convert-channel.js';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import type { ExportGuild } from '../model/export-document.js';
import type { MessageBounds } from '../render/message-bounds.js';
import type { ExportSession } from '../resolve/export-session.js';

/** `--include-threads`: none, the active ones, or archived ones too. */
export type ThreadInclusion = 'none' | 'active' | 'all';

export interface ChannelSelection {
  /** `--include-vc`, true by default as in DCE. */
  includeVoice?: boolean;
  includeThreads?: ThreadInclusion;
  /** Parents created after `before` cannot hold threads of the range, so they are not asked. */
  range?: MessageBounds;
}

const isCategory = (channel: APIChannel): boolean => channel.type === ChannelType.GuildCategory;
const isForum = (channel: APIChannel): boolean =>
  channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia;
const parentId = (channel: APIChannel): string | null => ('parent_id' in channel ? channel.parent_id : null) ?? null;
const lastMessageId = (channel: APIChannel): string | null =>
  ('last_message_id' in channel ? channel.last_message_id : null) ?? null;

/** Parents worth asking for threads, as DCE picks them: no categories, no voice, none that never had a message. */
function threadParents(channels: readonly APIChannel[], range: MessageBounds | undefined): APIChannel[] {
  return channels.filter(
    (channel) =>
      !isCategory(channel) &&
      !isVoiceChannel(channel) &&
      lastMessageId(channel) !== null &&
      (range?.before === undefined || compareSnowflakes(channel.id, range.before) < 0),
  );
}

/** An archived pass, or nothing when the bot may not list that kind (private ones need Manage Threads). */
async function archived(session: ExportSession, channelId: string, kind: 'public' | 'private') {
  const threads: APIThreadChannel[] = [];
  try {
    for await (const thread of session.api.archivedThreads(channelId, kind)) threads.push(thread);
  } catch (error) {
    if (!(error instanceof DiscordAccessError) || error.kind !== 'forbidden') throw error;
  }
  return threads;
}

/**
 * The threads of `parents` (DCE's bot path): the guild's active threads kept to those parents, and
 * with `all` the archived ones of each, public and private; each thread once.
 */
export async function fetchThreads(
  session: ExportSession,
  guildId: string,
  parents: readonly APIChannel[],
  inclusion: Exclude<ThreadInclusion, 'none'>,
  range?: MessageBounds,
): Promise<APIThreadChannel[]> {
  const candidates = threadParents(parents, range);
  const parentIds = new Set(candidates.map((channel) => channel.id));
  if (parentIds.size === 0) return [];
  const found = new Map<string, APIThreadChannel>();
  for (const thread of await session.api.activeThreads(guildId))
    if (thread.parent_id && parentIds.has(thread.parent_id)) found.set(thread.id, thread);
  if (inclusion === 'all') {
    const passes = candidates.flatMap((channel) => [
      session.limit(() => archived(session, channel.id, 'public')),
      session.limit(() => archived(session, channel.id, 'private')),
    ]);
    for (const threads of await Promise.all(passes)) for (const thread of threads) found.set(thread.id, thread);
  }
  return [...found.values()];
}

/** What a guild's export takes: forums cannot be exported, only their posts (threads). */
const exportable = (channels: readonly APIChannel[]): APIChannel[] => channels.filter((channel) => !isForum(channel));

/**
 * The channels `exportguild` exports, in DCE's order: the guild's channels but categories (and
 * voice ones with `includeVoice: false`), then their threads as asked; forums left out.
 */
export async function guildExportChannels(
  session: ExportSession,
  guildId: string,
  selection: ChannelSelection = {},
): Promise<APIChannel[]> {
  const { channels } = await session.guild(guildId);
  const chosen = channels.filter(
    (channel) => !isCategory(channel) && (selection.includeVoice !== false || !isVoiceChannel(channel)),
  );
  const inclusion = selection.includeThreads ?? 'none';
  const threads = inclusion === 'none' ? [] : await fetchThreads(session, guildId, chosen, inclusion, selection.range);
  return exportable([...chosen, ...threads]);
}

/**
 * The channels `export -c` exports: each id as given, a category standing for its channels (in the
 * guild's order), then threads of them as asked; forums left out, each channel once.
 */
export async function selectedExportChannels(
  session: ExportSession,
  channelIds: readonly string[],
  selection: Omit<ChannelSelection, 'includeVoice'> = {},
): Promise<APIChannel[]> {
  const chosen = new Map<string, APIChannel>();
  for (const id of channelIds) {
    const channel = await session.channel(id);
    if (!isCategory(channel)) {
      chosen.set(channel.id, channel);
      continue;
    }
    const { channels } = await session.guild(('guild_id' in channel && channel.guild_id) || DIRECT_MESSAGES_GUILD_ID);
    for (const child of channels) if (parentId(child) === channel.id) chosen.set(child.id, child);
  }
  const inclusion = selection.includeThreads ?? 'none';
  if (inclusion !== 'none') {
    const byGuild = new Map<string, APIChannel[]>();
    for (const channel of chosen.values()) {
      const guildId = 'guild_id' in channel ? channel.guild_id : undefined;
      if (guildId && !isThread(channel)) byGuild.set(guildId, [...(byGuild.get(guildId) ?? []), channel]);
    }
    for (const [guildId, parents] of byGuild)
      for (const thread of await fetchThreads(session, guildId, parents, inclusion, selection.range))
        if (!chosen.has(thread.id)) chosen.set(thread.id, thread);
  }
  return exportable([...chosen.values()]);
}

/**
 * A guild's channels as DCE's `channels` command lists them: by their category's position (those
 * without one first), then by name; each thread right after its parent.
 */
export function channelListOrder(channels: readonly APIChannel[], guildChannels: readonly APIChannel[]): APIChannel[] {
  const position = new Map(guildChannels.map((channel, index) => [channel.id, index]));
  const parentPosition = (channel: APIChannel) => position.get(parentId(channel) ?? '') ?? -1;
  const collator = new Intl.Collator('en');
  const top = channels
    .filter((channel) => !isThread(channel))
    .toSorted((a, b) => parentPosition(a) - parentPosition(b) || collator.compare(channelName(a), channelName(b)));
  const threads = channels.filter(isThread);
  return top.flatMap((channel) => [channel, ...threads.filter((thread) => parentId(thread) === channel.id)]);
}

/** The guilds as DCE's `guilds` command lists them: the DM pseudo-guild first, then by name. */
export async function listGuilds(session: ExportSession): Promise<ExportGuild[]> {
  const guilds: ExportGuild[] = [];
  for await (const guild of session.api.guilds()) guilds.push(toExportGuild(guild, session.cdn));
  const collator = new Intl.Collator('en');
  return [directMessagesGuild(session.cdn), ...guilds.sort((a, b) => collator.compare(a.name, b.name))];
}

/** The bot's DM channels as DCE's `dm` command lists them: latest message first, then by name. */
export async function listDirectChannels(session: ExportSession): Promise<APIChannel[]> {
  const channels = await session.api.directChannels();
  const collator = new Intl.Collator('en');
  return channels.toSorted(
    (a, b) =>
      compareSnowflakes(lastMessageId(b) ?? '0', lastMessageId(a) ?? '0') ||
      collator.compare(channelName(a), channelName(b)),
  );
}
