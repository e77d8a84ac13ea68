/**
 * Where the shared guild cache lives in Redis. gateway-ingest writes it from the dispatches; every other
 * service reads it through {@link GuildCacheReader}. All keys of one guild share the hash tag `{<guild id>}`,
 * so they sit in one slot of a Redis Cluster and a script may touch several of them.
 */

/** The hashes kept per guild, by what their fields are keyed on. */
export const GUILD_CACHE_HASHES = [
  /** Fields `data` (the guild object without roles, emojis, stickers), `emojis`, `stickers`, `member_count`, `unavailable`. */
  'guild',
  /** Role id → role. */
  'roles',
  /** Channel id → channel (threads excepted), with `guild_id`. */
  'channels',
  /** Thread id → active thread; an archived or deleted one leaves. */
  'threads',
  /** User id → member, with `user`. */
  'members',
  /** User id → voice state, without `guild_id` and `member`. */
  'voice',
  /** User id → presence that is not offline (needs the GUILD_PRESENCES intent). */
  'presences',
  /** Channel or thread id → id of the last message created in it since its object was stored. */
  'last-messages',
  /** Channel or thread id → messages created in it since its object was stored (a thread's counts). */
  'message-counts',
] as const;

export type GuildCacheHash = (typeof GUILD_CACHE_HASHES)[number];

/** Field names of the `guild` hash. */
export const GUILD_FIELDS = {
  data: 'data',
  emojis: 'emojis',
  stickers: 'stickers',
  memberCount: 'member_count',
  unavailable: 'unavailable',
} as const;

export interface GuildCacheKeys {
  /** A set of the ids of the guilds cached. */
  readonly guilds: string;
  /** `<prefix>guild:{<guild id>}:<hash>`. */
  hash(guildId: string, hash: GuildCacheHash): string;
  /** Every hash of a guild, for deleting it whole. */
  all(guildId: string): string[];
}

/** Keys under `prefix` (the cache's prefix, `discord:` by default, ending with ':'). */
export function guildCacheKeys(prefix: string): GuildCacheKeys {
  const base = prefix.endsWith(':') ? prefix : `${prefix}:`;
  const hash = (guildId: string, kind: GuildCacheHash) => `${base}guild:{${guildId}}:${kind}`;
  return {
    guilds: `${base}guilds`,
    hash,
    all: (guildId) => GUILD_CACHE_HASHES.map((kind) => hash(guildId, kind)),
  };
}
