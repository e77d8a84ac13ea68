import { describe, expect, it } from 'vitest';
import { LocalLimiter } from '../src/limiter/local-limiter.js';
import { DEFAULT_TIMING, type ReserveRequest, readLimitHeaders } from '../src/limiter/types.js';

function clock() {
  const state = { now: 1_000_000 };
  return { state, now: () => state.now };
}

const timing = { ...DEFAULT_TIMING, globalWindowMs: 1000, resetMarginMs: 0 };
let seq = 0;
function req(overrides: Partial<ReserveRequest> = {}): ReserveRequest {
  return {
    bot: 'b1',
    route: 'GET /channels/:id',
    majorParameter: 'channels:1',
    globalLimit: 50,
    id: String(seq++),
    ...overrides,
  };
}

describe('LocalLimiter', () => {
  it('sends one request to an unknown bucket, then keeps to the learned limit and window', () => {
    const { state, now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    const first = limiter.reserveNow(req());
    expect(first.ok).toBe(true);
    const second = limiter.reserveNow(req());
    expect(second).toMatchObject({ ok: false, scope: 'bucket' });
    if (!first.ok) throw new Error('unreachable');
    limiter.settleNow(req(), first.bucket, {
      status: 200,
      bucketHash: 'h1',
      limit: 3,
      remaining: 2,
      resetAfterMs: 1000,
    });
    expect(limiter.reserveNow(req()).ok).toBe(true);
    expect(limiter.reserveNow(req()).ok).toBe(true);
    const blocked = limiter.reserveNow(req());
    expect(blocked).toMatchObject({ ok: false, scope: 'bucket' });
    if (blocked.ok || blocked.locked) throw new Error('unreachable');
    expect(blocked.waitMs).toBe(1000);
    state.now += 1000;
    expect(limiter.reserveNow(req()).ok).toBe(true);
  });

  it('another major parameter of a known bucket starts with the known limit', () => {
    const { now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    const first = limiter.reserveNow(req());
    if (!first.ok) throw new Error('unreachable');
    limiter.settleNow(req(), first.bucket, {
      status: 200,
      bucketHash: 'h1',
      limit: 2,
      remaining: 1,
      resetAfterMs: 1000,
    });
    const other = req({ majorParameter: 'channels:2' });
    expect(limiter.reserveNow(other).ok).toBe(true);
    expect(limiter.reserveNow({ ...other, id: 'x' }).ok).toBe(true);
    expect(limiter.reserveNow({ ...other, id: 'y' }).ok).toBe(false);
  });

  it('never admits more than the global limit within the window', () => {
    const { state, now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    const admitted: number[] = [];
    for (let i = 0; i < 400; i++) {
      const route = `GET /r${i % 40}`;
      const first = limiter.reserveNow(req({ route, globalLimit: 10 }));
      if (first.ok) {
        admitted.push(state.now);
        limiter.settleNow(req({ route }), first.bucket, { status: 200 });
      }
      state.now += 7;
    }
    let best = 0;
    for (let i = 0; i < admitted.length; i++) {
      const inWindow = admitted.filter((t) => t >= (admitted[i] ?? 0) && t < (admitted[i] ?? 0) + 1000).length;
      best = Math.max(best, inWindow);
    }
    expect(best).toBeLessThanOrEqual(10);
    expect(admitted.length).toBeGreaterThan(20);
  });

  it('exempt requests skip the global limit', () => {
    const { now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    for (let i = 0; i < 5; i++) {
      const r = limiter.reserveNow(req({ route: `GET /a${i}`, globalLimit: 1 }));
      if (i === 0) expect(r.ok).toBe(true);
      else expect(r).toMatchObject({ ok: false, scope: 'global' });
    }
    expect(limiter.reserveNow(req({ route: 'POST /interactions', globalLimit: null })).ok).toBe(true);
  });

  it('divides every limit by the share', () => {
    const { now } = clock();
    const limiter = new LocalLimiter({ timing, now, share: 3 });
    let admitted = 0;
    for (let i = 0; i < 50; i++) {
      const r = limiter.reserveNow(req({ route: `GET /g${i}`, globalLimit: 30 }));
      if (r.ok) admitted++;
    }
    expect(admitted).toBe(10);
  });

  it('honours Retry-After of shared 429s and pauses the bot after a global 429', () => {
    const { state, now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    const first = limiter.reserveNow(req());
    if (!first.ok) throw new Error('unreachable');
    limiter.settleNow(req(), first.bucket, {
      status: 429,
      bucketHash: 'h1',
      limit: 10,
      remaining: 9,
      resetAfterMs: 100,
      retryAfterMs: 5000,
      scope: 'shared',
    });
    expect(limiter.reserveNow(req())).toMatchObject({ ok: false, scope: 'bucket', waitMs: 5000 });
    state.now += 5000;
    expect(limiter.reserveNow(req()).ok).toBe(true);
    const other = req({ route: 'GET /other' });
    const granted = limiter.reserveNow(other);
    if (!granted.ok) throw new Error('unreachable');
    limiter.settleNow(other, granted.bucket, { status: 429, retryAfterMs: 2000, scope: 'global' });
    expect(limiter.reserveNow(req({ route: 'GET /third' }))).toMatchObject({ ok: false, scope: 'global' });
  });

  it('a sublimit 429 holds back its route only, not the bucket it shares', () => {
    const { state, now } = clock();
    const limiter = new LocalLimiter({ timing, now });
    const rename = req({ route: 'PATCH /channels/:id (name/topic)' });
    const plain = req({ route: 'PATCH /channels/:id' });
    const first = limiter.reserveNow(rename);
    if (!first.ok) throw new Error('unreachable');
    limiter.settleNow(rename, first.bucket, {
      status: 429,
      bucketHash: 'edit',
      limit: 5,
      remaining: 4,
      resetAfterMs: 1000,
      retryAfterMs: 600_000,
      scope: 'user',
      sublimit: true,
    });
    expect(limiter.reserveNow(rename)).toMatchObject({ ok: false, scope: 'bucket', waitMs: 600_000 });
    const other = limiter.reserveNow(plain);
    expect(other.ok).toBe(true);
    state.now += 600_000;
    expect(limiter.reserveNow(rename).ok).toBe(true);
  });

  it('a locked bot gets nothing', async () => {
    const limiter = new LocalLimiter({ timing });
    await limiter.lockBot('b1');
    expect(limiter.reserveNow(req())).toEqual({ ok: false, locked: true });
  });
});

describe('readLimitHeaders', () => {
  it('reads a route answer and a 429', () => {
    expect(
      readLimitHeaders(200, {
        'x-ratelimit-bucket': 'abc',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '4',
        'x-ratelimit-reset-after': '0.250',
      }),
    ).toEqual({ status: 200, bucketHash: 'abc', limit: 5, remaining: 4, resetAfterMs: 250 });
    expect(
      readLimitHeaders(429, { 'retry-after': '2', 'x-ratelimit-scope': 'shared' }, { retry_after: 1.5, global: false }),
    ).toEqual({ status: 429, scope: 'shared', retryAfterMs: 1500 });
    expect(
      readLimitHeaders(429, {
        'retry-after': '600',
        'x-ratelimit-scope': 'user',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '3',
        'x-ratelimit-reset-after': '1',
      }),
    ).toMatchObject({ scope: 'user', sublimit: true, retryAfterMs: 600_000 });
    expect(readLimitHeaders(429, { 'retry-after': '1', 'x-ratelimit-global': 'true' })).toMatchObject({
      scope: 'global',
      retryAfterMs: 1000,
    });
  });
});
