import type { APIChannel } from 'discord-api-types/v10';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import { type ChannelSelection, selectedExportChannels } from '../source/channel-listing.js';
import type { DiscordConnection } from './discord-flags.js';

/** A channel id that could not be resolved; listed with the failed channels, as DCE lists them. */
export interface UnresolvedChannel {
  id: string;
  error: DiscordAccessError;
}

export interface ResolvedChannels {
  channels: APIChannel[];
  unresolved: UnresolvedChannel[];
}

/**
 * `export -c`: the channels of each id (a category stands for its channels, threads added as asked),
 * by helper A's listing. An id Discord refuses (unknown, hidden) is kept aside to be reported with
 * the failed channels while the others are exported; a bad token stops everything.
 */
export async function channelsOfIds(
  discord: DiscordConnection,
  ids: readonly string[],
  selection: Omit<ChannelSelection, 'includeVoice'>,
): Promise<ResolvedChannels> {
  const resolved: ResolvedChannels = { channels: [], unresolved: [] };
  const seen = new Set<string>();
  for (const id of ids) {
    let channels: APIChannel[];
    try {
      channels = await selectedExportChannels(discord.session, [id], selection);
    } catch (error) {
      if (error instanceof DiscordAccessError && !error.fatal) {
        resolved.unresolved.push({ id, error });
        continue;
      }
      throw error;
    }
    for (const channel of channels) {
      if (seen.has(channel.id)) continue;
      seen.add(channel.id);
      resolved.channels.push(channel);
    }
  }
  return resolved;
}
