import type { RecordedRequest } from '@platform/discord-sim';
import { describe, expect, it } from 'vitest';
import { type EnforcedLimits, rateShare } from '../src/benchmarks/export-rate-share.js';

const BOT = '1';
const limits: EnforcedLimits = {
  bucketOf: (method, route) => (route.endsWith('/messages') ? 'message-list' : `${method} ${route}`),
  limit: (bucket) => (bucket === 'message-list' ? { limit: 10, windowMs: 1000 } : { limit: 5, windowMs: 1000 }),
  globalPerSecond: 50,
};
const list = (at: number, status = 200): RecordedRequest => ({
  botId: BOT,
  method: 'GET',
  route: '/channels/:channel_id/messages',
  status,
  at,
});
const member = (at: number): RecordedRequest => ({
  botId: BOT,
  method: 'GET',
  route: '/guilds/:guild_id/members/:user_id',
  status: 200,
  at,
});

/** `count` message-list requests, `limit` at the start of each window as a client filling every window sends them. */
const filledWindows = (count: number, windowMs = 1000) =>
  Array.from({ length: count }, (_, i) => list(Math.floor(i / 10) * windowMs + (i % 10)));

describe('rateShare', () => {
  it('scores a client that fills every message-list window at the limit', () => {
    const share = rateShare(filledWindows(200), BOT, limits);
    expect(share.list.requests).toBe(200);
    expect(share.list.achievedPerSecond).toBeCloseTo(10, 1);
    expect(share.list.share).toBeCloseTo(1, 2);
    expect(share.overall.minimumMs).toBe(19_000);
    expect(share.overall.share).toBeCloseTo(1, 2);
  });

  it('scores a client that waits a second more between windows at half', () => {
    const share = rateShare(filledWindows(200, 2000), BOT, limits);
    expect(share.list.share).toBeCloseTo(0.5, 1);
    expect(share.overall.share).toBeCloseTo(0.5, 1);
  });

  it('takes the busiest bucket as the least time, counts 429s and leaves other bots out', () => {
    const requests = [
      list(0),
      ...Array.from({ length: 50 }, (_, i) => member(i * 400)),
      list(100, 429),
      { ...list(200), botId: '2' },
    ];
    const share = rateShare(requests, BOT, limits);
    expect(share.buckets.map((b) => [b.bucket, b.requests, b.minimumMs])).toEqual([
      ['GET /guilds/:guild_id/members/:user_id', 50, 9_000],
      ['message-list', 2, 0],
    ]);
    expect(share.allRequests).toBe(52);
    expect(share.rateLimited).toBe(1);
    expect(share.list.requests).toBe(1);
    // 50 lookups at 2.5/s where 5/s were permitted: 10 s of the 20.6 s they took.
    expect(share.overall.spanMs).toBe(19_600);
    expect(share.overall.share).toBeCloseTo(10_000 / 20_600, 3);
  });

  it('holds the global limit as the least time when it binds before any bucket', () => {
    const wide: EnforcedLimits = { ...limits, limit: () => ({ limit: 1000, windowMs: 1000 }), globalPerSecond: 50 };
    const share = rateShare(filledWindows(200), BOT, wide);
    expect(share.overall.minimumMs).toBe(3_000);
    expect(share.list.permittedPerSecond).toBe(50);
  });
});
