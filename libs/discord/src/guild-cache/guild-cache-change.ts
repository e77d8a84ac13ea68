import type { GuildCacheHash } from './guild-cache-keys.js';

/**
 * One write to a guild's hashes, as the reducer derives it from a dispatch. Each maps onto a Redis command
 * or a small script and none needs the cache's state read back first, so a writer applies thousands a
 * second blindly, in order. Values are JSON text, as stored.
 */
export type GuildCacheChange =
  | { op: 'set'; guildId: string; hash: GuildCacheHash; fields: Record<string, string> }
  /**
   * Stores a JSON object over the one in `field`, keeping the stored object's scalar keys (strings, numbers,
   * booleans, null) that the new one lacks: GUILD_MEMBER_UPDATE may leave out `deaf` and `mute`.
   */
  | { op: 'merge'; guildId: string; hash: GuildCacheHash; field: string; value: string }
  | { op: 'delete'; guildId: string; hash: GuildCacheHash; fields: string[] }
  | { op: 'increment'; guildId: string; hash: GuildCacheHash; field: string; by: number }
  /** Deletes every hash of the guild and its id from the index. */
  | { op: 'clear'; guildId: string }
  /** Adds the guild's id to the index of guilds cached. */
  | { op: 'index'; guildId: string }
  /**
   * Deletes the active threads whose parent is one of `parentIds` (every thread when null), with their
   * `last-messages` and `message-counts` fields: a deleted channel takes its threads without THREAD_DELETE.
   */
  | { op: 'drop-threads'; guildId: string; parentIds: string[] | null };
