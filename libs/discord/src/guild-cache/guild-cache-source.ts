import type { RedisClient } from '@platform/cache';

/** The reads {@link GuildCacheReader} makes: Redis in services, {@link MemoryGuildCache} in tests. */
export interface GuildCacheSource {
  hGet(key: string, field: string): Promise<string | undefined>;
  hmGet(key: string, fields: string[]): Promise<Array<string | undefined>>;
  hGetAll(key: string): Promise<Record<string, string>>;
  hKeys(key: string): Promise<string[]>;
  /** One step of HSCAN: `cursor` '0' starts, and a returned '0' means done. */
  hScan(key: string, cursor: string, count: number): Promise<{ cursor: string; entries: Array<[string, string]> }>;
  sMembers(key: string): Promise<string[]>;
}

/** Reads through a node-redis client (`createRedis(...).client` from @platform/cache). */
export function redisGuildCacheSource(client: RedisClient): GuildCacheSource {
  return {
    async hGet(key, field) {
      return (await client.hGet(key, field)) ?? undefined;
    },
    async hmGet(key, fields) {
      if (fields.length === 0) return [];
      return (await client.hmGet(key, fields)).map((value) => value ?? undefined);
    },
    hGetAll: (key) => client.hGetAll(key),
    hKeys: (key) => client.hKeys(key),
    async hScan(key, cursor, count) {
      const reply = await client.hScan(key, cursor, { COUNT: count });
      return { cursor: reply.cursor, entries: reply.entries.map(({ field, value }) => [field, value]) };
    },
    sMembers: (key) => client.sMembers(key),
  };
}
