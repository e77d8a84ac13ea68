import { DiscordSnowflake, Snowflake } from '@sapphire/snowflake';

/** Milliseconds since the Unix epoch at which a Discord id was created. */
export function snowflakeTime(id: string): number {
  return DiscordSnowflake.timestampFrom(id);
}

/**
 * The smallest id Discord could have created at `time`; use as an exclusive `after`/`before`
 * bound to page messages by date.
 */
export function snowflakeAt(time: number | Date): string {
  return DiscordSnowflake.generate({
    timestamp: typeof time === 'number' ? time : time.getTime(),
    increment: 0n,
    processId: 0n,
    workerId: 0n,
  }).toString();
}

/** Orders two ids by creation: negative when `a` is older. */
export function compareSnowflakes(a: string, b: string): -1 | 0 | 1 {
  return Snowflake.compare(a, b);
}

/** The shard that receives a guild's events, as Discord assigns it: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
