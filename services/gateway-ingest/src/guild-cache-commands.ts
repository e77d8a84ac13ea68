import type { GuildCacheChange, GuildCacheKeys } from '@platform/discord';

/**
 * Stores a JSON object over the one in a hash field, carrying over the stored object's scalar keys that the
 * new one lacks (GUILD_MEMBER_UPDATE may leave out `deaf` and `mute`). The stored text is never re-encoded,
 * only the carried keys are (cjson would turn `[]` into `{}` and round large numbers), so Discord's JSON
 * stays as Discord sent it.
 * KEYS: hash   ARGV: field, JSON object
 */
export const MERGE_SCRIPT = `
local value = ARGV[2]
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local old = cjson.decode(stored)
  local new = cjson.decode(value)
  local kept = {}
  for k, v in pairs(old) do
    if new[k] == nil and type(v) ~= 'table' then kept[#kept + 1] = cjson.encode(k) .. ':' .. cjson.encode(v) end
  end
  if #kept > 0 then
    local body = string.sub(value, 1, -2)
    local comma = body == '{' and '' or ','
    value = body .. comma .. table.concat(kept, ',') .. '}'
  end
end
return redis.call('HSET', KEYS[1], ARGV[1], value)`;

/**
 * Deletes the active threads whose parent is one of ARGV (all when ARGV is empty), with their message fields.
 * A guild has at most 1,000 active threads, so reading them all is cheap.
 * KEYS: threads, last-messages, message-counts   ARGV: parent ids
 */
export const DROP_THREADS_SCRIPT = `
local parents = {}
for i = 1, #ARGV do parents[ARGV[i]] = true end
local entries = redis.call('HGETALL', KEYS[1])
local gone = {}
for i = 1, #entries, 2 do
  if #ARGV == 0 or parents[cjson.decode(entries[i + 1]).parent_id] then gone[#gone + 1] = entries[i] end
end
for i = 1, #gone, 500 do
  local chunk = { unpack(gone, i, math.min(i + 499, #gone)) }
  for k = 1, 3 do redis.call('HDEL', KEYS[k], unpack(chunk)) end
end
return #gone`;

/** The Redis commands of one change, in order, for a MULTI. */
export function redisCommands(change: GuildCacheChange, keys: GuildCacheKeys): string[][] {
  switch (change.op) {
    case 'set': {
      const args = ['HSET', keys.hash(change.guildId, change.hash)];
      for (const [field, value] of Object.entries(change.fields)) args.push(field, value);
      return args.length > 2 ? [args] : [];
    }
    case 'merge':
      return [['EVAL', MERGE_SCRIPT, '1', keys.hash(change.guildId, change.hash), change.field, change.value]];
    case 'delete':
      return change.fields.length > 0 ? [['HDEL', keys.hash(change.guildId, change.hash), ...change.fields]] : [];
    case 'increment':
      return [['HINCRBY', keys.hash(change.guildId, change.hash), change.field, String(change.by)]];
    case 'clear':
      return clearGuild(change.guildId, keys);
    case 'index':
      return [['SADD', keys.guilds, change.guildId]];
    case 'drop-threads':
      return [
        [
          'EVAL',
          DROP_THREADS_SCRIPT,
          '3',
          keys.hash(change.guildId, 'threads'),
          keys.hash(change.guildId, 'last-messages'),
          keys.hash(change.guildId, 'message-counts'),
          ...(change.parentIds ?? []),
        ],
      ];
  }
}

/** Deletes everything cached of a guild. */
export function clearGuild(guildId: string, keys: GuildCacheKeys): string[][] {
  return [
    ['DEL', ...keys.all(guildId)],
    ['SREM', keys.guilds, guildId],
  ];
}
