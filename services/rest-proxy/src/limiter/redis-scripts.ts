/**
 * Lua scripts of the shared limiter. Each runs atomically in Redis and reads Redis's own clock (TIME), so
 * replicas with skewed clocks still agree. They build key names from the prefix they are given (a single
 * Redis, not Redis Cluster). Keys under the prefix:
 *   lock:<bot>               the bot's token answered 401
 *   glock:<bot>              a global 429 told the bot to wait (PX)
 *   g:<bot>                  sliding log of the bot's global reservations (ZSET, score = ms)
 *   routes:<bot>             route → bucket hash Discord named (HASH)
 *   h:<bot>:<hash>           limit and window of a bucket hash, for majors not seen yet (HASH)
 *   b:<bot>:<bucket>:<major> one bucket's window: limit, remaining, resetAt, windowMs, probeUntil, inflight (HASH)
 *   sub:<bot>:<route>:<major> a sublimit 429 holds this route of this major back (PX)
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * ARGV: prefix, bot, route, major, globalLimit (0: exempt), globalWindowMs, member id, resetMarginMs, probeMs,
 *       probePollMs
 * Reply: {1, globalRemaining (-1 exempt), bucket} | {0, waitMs, scope} | {-1}
 */
export const RESERVE_SCRIPT = `${NOW}
local prefix, bot, route, major = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local glimit, gwindow, margin = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[8])
local probeMs, pollMs = tonumber(ARGV[9]), tonumber(ARGV[10])
if redis.call('EXISTS', prefix .. 'lock:' .. bot) == 1 then return { -1 } end
local subTtl = redis.call('PTTL', prefix .. 'sub:' .. bot .. ':' .. route .. ':' .. major)
if subTtl > 0 then return { 0, subTtl, 'bucket' } end
local hash = redis.call('HGET', prefix .. 'routes:' .. bot, route)
local bucket = hash and ('h:' .. hash) or ('r:' .. route)
local skey = prefix .. 'b:' .. bot .. ':' .. bucket .. ':' .. major
local s = redis.call('HMGET', skey, 'limit', 'remaining', 'resetAt', 'windowMs', 'probeUntil')
local limit, remaining, resetAt = tonumber(s[1]), tonumber(s[2]) or 0, tonumber(s[3]) or 0
local windowMs, probeUntil = tonumber(s[4]) or 0, tonumber(s[5]) or 0
if limit == nil and hash then
  local h = redis.call('HMGET', prefix .. 'h:' .. bot .. ':' .. hash, 'limit', 'windowMs')
  limit, windowMs = tonumber(h[1]), tonumber(h[2]) or 0
end
local action
if limit == nil or (limit == 0 and now >= resetAt) then
  if probeUntil > now then return { 0, math.min(probeUntil - now, pollMs), 'bucket' } end
  action = 'probe'
elseif limit == 0 then
  action = 'free'
else
  if now >= resetAt then
    remaining = limit
    resetAt = now + windowMs + margin
  end
  if remaining <= 0 then return { 0, math.max(1, resetAt - now), 'bucket' } end
  action = 'take'
end
local gremaining = -1
if glimit > 0 then
  local lockTtl = redis.call('PTTL', prefix .. 'glock:' .. bot)
  if lockTtl > 0 then return { 0, lockTtl, 'global' } end
  local gkey = prefix .. 'g:' .. bot
  redis.call('ZREMRANGEBYSCORE', gkey, '-inf', now - gwindow)
  local count = redis.call('ZCARD', gkey)
  if count >= glimit then
    local blocker = redis.call('ZRANGE', gkey, count - glimit, count - glimit, 'WITHSCORES')
    return { 0, math.max(1, tonumber(blocker[2]) + gwindow - now + 1), 'global' }
  end
  redis.call('ZADD', gkey, now, ARGV[7])
  redis.call('PEXPIRE', gkey, gwindow + 1000)
  gremaining = glimit - count - 1
end
if action == 'probe' then
  redis.call('HSET', skey, 'probeUntil', now + probeMs)
elseif action == 'take' then
  redis.call('HSET', skey, 'limit', limit, 'remaining', remaining - 1, 'resetAt', resetAt, 'windowMs', windowMs)
end
redis.call('HINCRBY', skey, 'inflight', 1)
redis.call('PEXPIRE', skey, math.max(resetAt - now, 0) + probeMs + 600000)
return { 1, gremaining, bucket }`;

/**
 * ARGV: prefix, bot, route, major, bucket (from RESERVE), hash or '', limit or '', remaining, resetAfterMs,
 *       retryAfterMs or '', scope or '', resetMarginMs, unlimitedTtlMs, sublimit ('1' or '')
 * Reply: 1
 */
export const SETTLE_SCRIPT = `${NOW}
local prefix, bot, route, major, bucket, hash = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local margin, unlimitedTtl = tonumber(ARGV[12]), tonumber(ARGV[13])
local oldKey = prefix .. 'b:' .. bot .. ':' .. bucket .. ':' .. major
if redis.call('EXISTS', oldKey) == 1 then
  if tonumber(redis.call('HINCRBY', oldKey, 'inflight', -1)) < 0 then redis.call('HSET', oldKey, 'inflight', 0) end
  redis.call('HDEL', oldKey, 'probeUntil')
end
local id = bucket
if hash ~= '' then
  redis.call('HSET', prefix .. 'routes:' .. bot, route, hash)
  redis.call('PEXPIRE', prefix .. 'routes:' .. bot, 86400000)
  id = 'h:' .. hash
end
local retryAfter = tonumber(ARGV[10])
if ARGV[11] == 'global' and retryAfter then
  local lkey = prefix .. 'glock:' .. bot
  local ttl = retryAfter + margin
  if redis.call('PTTL', lkey) < ttl then redis.call('SET', lkey, '1', 'PX', ttl) end
  return 1
end
local skey = prefix .. 'b:' .. bot .. ':' .. id .. ':' .. major
local s = redis.call('HMGET', skey, 'limit', 'remaining', 'resetAt', 'windowMs', 'inflight')
local limit, remaining, resetAt = tonumber(s[1]), tonumber(s[2]) or 0, tonumber(s[3]) or 0
local windowMs, inflight = tonumber(s[4]) or 0, math.max(0, tonumber(s[5]) or 0)
local hLimit, hRemaining, hResetAfter = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if hLimit and hRemaining and hResetAfter then
  windowMs = math.max(windowMs, hResetAfter)
  if hash ~= '' then
    local hkey = prefix .. 'h:' .. bot .. ':' .. hash
    local known = tonumber(redis.call('HGET', hkey, 'windowMs')) or 0
    redis.call('HSET', hkey, 'limit', hLimit, 'windowMs', math.max(known, hResetAfter))
    redis.call('PEXPIRE', hkey, 86400000)
  end
  local announced = math.max(0, hRemaining - inflight)
  local newReset = now + hResetAfter + margin
  if limit ~= nil and limit > 0 and resetAt > now then
    remaining = math.min(remaining, announced)
    resetAt = math.max(resetAt, newReset)
  else
    remaining = math.min(announced, hLimit)
    resetAt = newReset
  end
  limit = hLimit
elseif not retryAfter then
  if limit == nil or limit == 0 then
    limit = 0
    resetAt = now + unlimitedTtl
  end
end
if retryAfter and ARGV[14] == '1' then
  redis.call('SET', prefix .. 'sub:' .. bot .. ':' .. route .. ':' .. major, '1', 'PX', retryAfter + margin)
elseif retryAfter then
  if limit == nil or limit == 0 then
    limit = 1
    windowMs = math.max(windowMs, retryAfter)
  end
  remaining = 0
  resetAt = math.max(resetAt, now + retryAfter + margin)
end
redis.call('HSET', skey, 'limit', limit, 'remaining', remaining, 'resetAt', resetAt, 'windowMs', windowMs)
redis.call('HDEL', skey, 'probeUntil')
redis.call('PEXPIRE', skey, math.max(resetAt - now, 0) + 600000)
return 1`;

/**
 * ARGV: prefix, bot, bucket, major. Gives back what a reservation holds in its bucket (its in-flight count, its
 * probe) when nothing was learned from it: the request failed or was never sent. The global slot stays taken,
 * as the request may have reached Discord.
 */
export const RELEASE_SCRIPT = `
local skey = ARGV[1] .. 'b:' .. ARGV[2] .. ':' .. ARGV[3] .. ':' .. ARGV[4]
if redis.call('EXISTS', skey) == 1 then
  if tonumber(redis.call('HINCRBY', skey, 'inflight', -1)) < 0 then redis.call('HSET', skey, 'inflight', 0) end
  redis.call('HDEL', skey, 'probeUntil')
end
return 1`;
