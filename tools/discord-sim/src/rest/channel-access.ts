import { type APIChannel, PermissionFlagsBits } from 'discord-api-types/v10';
import { discordErrors } from '../world/errors.js';
import type { World } from '../world/world.js';

/**
 * The channel a bot reads, after Discord's checks: 10003 when it does not exist, 50001 Missing Access
 * when the bot cannot see it (or is not in its guild), 50013 Missing Permissions when it lacks
 * `needed`. Writes need no call: the world checks its own.
 */
export function accessChannel(world: World, botUserId: string, channelId: string, needed = 0n): APIChannel {
  const channel = world.channel(channelId);
  if (!channel) throw discordErrors.unknownChannel();
  const permissions = world.permissionsFor(channelId, botUserId);
  if (!(permissions & PermissionFlagsBits.ViewChannel)) throw discordErrors.missingAccess();
  if ((permissions & needed) !== needed) throw discordErrors.missingPermissions();
  return channel;
}

/** Whether the bot holds every permission of `needed` in the channel. */
export function hasPermissions(world: World, botUserId: string, channelId: string, needed: bigint): boolean {
  return (world.permissionsFor(channelId, botUserId) & needed) === needed;
}

/** The guild a bot acts on: 10004 when it does not exist, 50001 when the bot is not a member. */
export function accessGuild(world: World, botUserId: string, guildId: string) {
  const guild = world.guild(guildId);
  if (!guild) throw discordErrors.unknownGuild();
  if (!world.member(guildId, botUserId)) throw discordErrors.missingAccess();
  return guild;
}
