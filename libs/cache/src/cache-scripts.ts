/**
 * Lua scripts of the cache. Each runs atomically in Redis, so a read and the decision based on it
 * (take the lock, store only if nothing was invalidated) cannot be split by another replica.
 * They touch keys they were not given (tag members), so they suit a single Redis, not Redis Cluster.
 */

/**
 * Reads a value; on a miss, tries to take the load lock and reads the invalidation versions.
 * KEYS: value, lock, version keys...   ARGV: lock token, lock ttl in ms (0: do not lock)
 * Reply: { value } on a hit; { false, lockState, versions... } on a miss, lockState 1 taken, 0 held elsewhere, 2 not tried.
 */
export const BEGIN_SCRIPT = `
local value = redis.call('GET', KEYS[1])
if value then return { value } end
local lock = 2
if tonumber(ARGV[2]) > 0 then
  if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then lock = 1 else lock = 0 end
end
local reply = { false, lock }
for i = 3, #KEYS do reply[i] = redis.call('GET', KEYS[i]) or '' end
return reply`;

/**
 * Stores a loaded value with its tags, unless a version moved since BEGIN (an invalidation happened during the
 * load), then releases the lock if still ours. Tag sets live as long as their longest-lived member.
 * KEYS: value, lock, tag sets (n)..., version keys...   ARGV: value, ttl s, token, n, versions read by BEGIN...
 * Reply: 1 stored, 0 skipped as stale.
 */
export const FINISH_SCRIPT = `
local n = tonumber(ARGV[4])
local fresh = true
for i = 3 + n, #KEYS do
  if (redis.call('GET', KEYS[i]) or '') ~= ARGV[i - n + 2] then fresh = false break end
end
if fresh then
  local ttl = tonumber(ARGV[2])
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
  for i = 3, 2 + n do
    redis.call('SADD', KEYS[i], KEYS[1])
    if redis.call('TTL', KEYS[i]) < ttl then redis.call('EXPIRE', KEYS[i], ttl) end
  end
end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return fresh and 1 or 0`;

/** Releases a lock only if it is still held with our token. KEYS: lock   ARGV: token */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Deletes values and bumps their versions. KEYS: pairs of (value or tag set, version)   ARGV: version ttl s, is tag (1/0)
 * For a tag, every value in its set is deleted along with the set. Reply: values deleted.
 */
export const INVALIDATE_SCRIPT = `
local deleted = 0
for i = 1, #KEYS, 2 do
  if ARGV[2] == '1' then
    local members = redis.call('SMEMBERS', KEYS[i])
    for j = 1, #members, 500 do
      deleted = deleted + redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
    end
    redis.call('DEL', KEYS[i])
  else
    deleted = deleted + redis.call('DEL', KEYS[i])
  end
  redis.call('INCR', KEYS[i + 1])
  redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
end
return deleted`;
