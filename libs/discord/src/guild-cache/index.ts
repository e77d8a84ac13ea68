export type { GuildCacheChange } from './guild-cache-change.js';
export {
  GUILD_CACHE_HASHES,
  GUILD_FIELDS,
  type GuildCacheHash,
  type GuildCacheKeys,
  guildCacheKeys,
} from './guild-cache-keys.js';
export { GuildCacheReader, type MemberPage } from './guild-cache-reader.js';
export { GUILD_CACHE_EVENTS, guildCacheChanges } from './guild-cache-reducer.js';
export { type GuildCacheSource, redisGuildCacheSource } from './guild-cache-source.js';
export { type GuildParts, type GuildSnapshot, guildSnapshotOf, readGuildSnapshot } from './guild-snapshot.js';
export { MemoryGuildCache, mergeJson } from './memory-guild-cache.js';
