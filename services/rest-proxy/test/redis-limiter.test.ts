import { createRedis, type RedisConnection } from '@platform/cache';
import { createTestRedisPrefix, testEndpoints } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLimiter } from '../src/limiter/redis-limiter.js';
import { DEFAULT_TIMING, type ReserveRequest } from '../src/limiter/types.js';

describe('RedisLimiter (the Lua scripts)', () => {
  const prefix = createTestRedisPrefix('rest-proxy-limiter');
  let redis: RedisConnection;
  let a: RedisLimiter;
  let b: RedisLimiter;
  let seq = 0;
  const req = (overrides: Partial<ReserveRequest> = {}): ReserveRequest => ({
    bot: 'bot1',
    route: 'GET /channels/:id',
    majorParameter: 'channels:1',
    globalLimit: 50,
    id: `r${seq++}`,
    ...overrides,
  });

  beforeAll(async () => {
    redis = createRedis({ url: testEndpoints.redisUrl, prefix: prefix.prefix });
    await redis.connect();
    const timing = { ...DEFAULT_TIMING, resetMarginMs: 0 };
    a = new RedisLimiter(redis.client, prefix.prefix, timing);
    b = new RedisLimiter(redis.client, prefix.prefix, timing);
  });

  afterAll(async () => {
    await prefix.clear();
    await redis.quit();
  });

  it('one probe per unknown bucket across replicas, then the learned limit is shared', async () => {
    const first = await a.reserve(req());
    expect(first.ok).toBe(true);
    expect(await b.reserve(req())).toMatchObject({ ok: false, scope: 'bucket' });
    if (!first.ok) throw new Error('unreachable');
    await a.settle(req(), first.bucket, {
      status: 200,
      bucketHash: 'hash1',
      limit: 3,
      remaining: 2,
      resetAfterMs: 5000,
    });
    expect((await b.reserve(req())).ok).toBe(true);
    expect((await a.reserve(req())).ok).toBe(true);
    expect(await b.reserve(req())).toMatchObject({ ok: false, scope: 'bucket' });
    // Another route Discord put in the same bucket learns it too; another channel starts with the known limit.
    const other = req({ majorParameter: 'channels:2' });
    const granted = await a.reserve(other);
    expect(granted).toMatchObject({ ok: true, bucket: 'h:hash1' });
  });

  it('the global sliding log admits the limit across replicas, no more', async () => {
    let admitted = 0;
    for (let i = 0; i < 30; i++) {
      const limiter = i % 2 === 0 ? a : b;
      const r = await limiter.reserve(req({ route: `GET /g${i}`, bot: 'bot2', globalLimit: 10 }));
      if (r.ok) admitted++;
      else expect(r).toMatchObject({ scope: 'global' });
    }
    expect(admitted).toBe(10);
  });

  it('a global 429 pauses the bot; a lock stops it', async () => {
    const granted = await a.reserve(req({ bot: 'bot3', route: 'GET /x' }));
    if (!granted.ok) throw new Error('unreachable');
    await a.settle(req({ bot: 'bot3', route: 'GET /x' }), granted.bucket, {
      status: 429,
      retryAfterMs: 2000,
      scope: 'global',
    });
    expect(await b.reserve(req({ bot: 'bot3', route: 'GET /y' }))).toMatchObject({ ok: false, scope: 'global' });
    await a.lockBot('bot3');
    expect(await b.reserve(req({ bot: 'bot3', route: 'GET /z' }))).toEqual({ ok: false, locked: true });
  });

  it('a sublimit 429 holds back its route only, across replicas', async () => {
    const rename = req({ bot: 'bot4', route: 'PATCH /channels/:id (name/topic)' });
    const granted = await a.reserve(rename);
    if (!granted.ok) throw new Error('unreachable');
    await a.settle(rename, granted.bucket, {
      status: 429,
      bucketHash: 'edit',
      limit: 5,
      remaining: 4,
      resetAfterMs: 1000,
      retryAfterMs: 600_000,
      scope: 'user',
      sublimit: true,
    });
    expect(await b.reserve(req({ bot: 'bot4', route: 'PATCH /channels/:id (name/topic)' }))).toMatchObject({
      ok: false,
      scope: 'bucket',
    });
    expect((await b.reserve(req({ bot: 'bot4', route: 'PATCH /channels/:id' }))).ok).toBe(true);
  });
});
