/** Cache of `guild_id >> 22` by guild id: snowflake arithmetic needs BigInt, which is slow on the hot path. */
const shardKeys = new Map<string, number>();

/** The shard of `num_shards` that receives events of a guild: `(guild_id >> 22) % num_shards`; DMs go to shard 0. */
export function shardForGuild(guildId: string | null, shardCount: number): number {
  if (guildId === null) return 0;
  let key = shardKeys.get(guildId);
  if (key === undefined) {
    // The top 42 bits of a snowflake fit a double exactly.
    key = Number(BigInt(guildId) >> 22n);
    shardKeys.set(guildId, key);
  }
  return key % shardCount;
}

/** Whether `[shard_id, num_shards]` is a shard Discord would accept (else 4010). */
export function isValidShard(shardId: number, shardCount: number): boolean {
  return (
    Number.isSafeInteger(shardId) &&
    Number.isSafeInteger(shardCount) &&
    shardCount >= 1 &&
    shardId >= 0 &&
    shardId < shardCount
  );
}
