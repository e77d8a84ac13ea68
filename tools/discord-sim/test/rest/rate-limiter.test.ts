import { DiscordSnowflake } from '@sapphire/snowflake';
import { describe, expect, it } from 'vitest';
import { bucketHash } from '../../src/rest/rate-limits/bucket-hash.js';
import { DEFAULT_BUCKETS, type RouteKey } from '../../src/rest/rate-limits/bucket-table.js';
import { InvalidRequestCounter } from '../../src/rest/rate-limits/invalid-request-counter.js';
import { isGlobalExempt, majorParameter, majorParameterNames } from '../../src/rest/rate-limits/major-parameter.js';
import type { RateLimitOptions } from '../../src/rest/rate-limits/rate-limit-options.js';
import { RateLimiter } from '../../src/rest/rate-limits/rate-limiter.js';
import { describeRoute, type LimitedRoute } from '../../src/rest/rate-limits/route-limits.js';

const route = (key: RouteKey): LimitedRoute => describeRoute(key, DEFAULT_BUCKETS);
const CREATE = route('POST /channels/:channel_id/messages');
const LIST = route('GET /channels/:channel_id/messages');
const REACT = route('PUT /channels/:channel_id/messages/:message_id/reactions/:emoji/@me');
const UNREACT = route('DELETE /channels/:channel_id/messages/:message_id/reactions/:emoji/@me');
const DELETE = route('DELETE /channels/:channel_id/messages/:message_id');
const CALLBACK = route('POST /interactions/:interaction_id/:interaction_token/callback');
const FOLLOW_UP = route('POST /webhooks/:webhook_id/:webhook_token');
const ME = route('GET /users/@me');

const T0 = 1_700_000_000_000;

function limiter(options: RateLimitOptions = {}) {
  return new RateLimiter(options);
}

/** Sends `n` requests at `now` and returns the outcomes. */
function burst(l: RateLimiter, r: LimitedRoute, bot: string, params: Record<string, string>, n: number, now = T0) {
  return Array.from({ length: n }, () => l.check(r, bot, params, now).outcome);
}

describe('major parameters', () => {
  it('takes the top-level resource of the path only', () => {
    expect(majorParameterNames('/channels/:channel_id/messages/:message_id')).toEqual(['channel_id']);
    expect(majorParameterNames('/guilds/:guild_id/members')).toEqual(['guild_id']);
    expect(majorParameterNames('/webhooks/:webhook_id/:webhook_token/messages/@original')).toEqual([
      'webhook_id',
      'webhook_token',
    ]);
    expect(majorParameterNames('/applications/:application_id/guilds/:guild_id/commands')).toEqual([]);
    expect(majorParameterNames('/users/@me')).toEqual([]);
  });

  it('joins a webhook id with its token', () => {
    expect(majorParameter(['webhook_id', 'webhook_token'], { webhook_id: '1', webhook_token: 'abc' })).toBe('1/abc');
    expect(majorParameter(['channel_id'], { channel_id: '42', message_id: '7' })).toBe('42');
    expect(majorParameter([], { channel_id: '42' })).toBe('');
  });

  it('exempts interaction callbacks and webhook-token routes from the global limit', () => {
    expect(isGlobalExempt(CALLBACK.template)).toBe(true);
    expect(isGlobalExempt(FOLLOW_UP.template)).toBe(true);
    expect(isGlobalExempt(CREATE.template)).toBe(false);
  });
});

describe('per-route buckets', () => {
  it('admits the limit per window, then answers with the time to reset', () => {
    const l = limiter();
    expect(burst(l, CREATE, 'bot', { channel_id: '1' }, 6)).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'allowed',
      'allowed',
      'route',
    ]);
    const limited = l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 1000);
    expect(limited).toEqual({
      outcome: 'route',
      bucket: { hash: bucketHash('message-create'), limit: 5, remaining: 0, resetAt: T0 + 5000 },
      retryAfterMs: 4000,
    });
  });

  it('reports remaining and reset from the first request of the window', () => {
    const l = limiter();
    const first = l.check(CREATE, 'bot', { channel_id: '1' }, T0);
    const second = l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 300);
    expect(first).toMatchObject({ outcome: 'allowed', bucket: { remaining: 4, resetAt: T0 + 5000 } });
    expect(second).toMatchObject({ outcome: 'allowed', bucket: { remaining: 3, resetAt: T0 + 5000 } });
  });

  it('resets when the window closes', () => {
    const l = limiter();
    burst(l, CREATE, 'bot', { channel_id: '1' }, 5);
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 4999).outcome).toBe('route');
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 5000)).toMatchObject({
      outcome: 'allowed',
      bucket: { remaining: 4, resetAt: T0 + 10_000 },
    });
  });

  it('keys buckets by major parameter and by token', () => {
    const l = limiter();
    burst(l, CREATE, 'bot', { channel_id: '1' }, 5);
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0).outcome).toBe('route');
    expect(l.check(CREATE, 'bot', { channel_id: '2' }, T0).outcome).toBe('allowed');
    expect(l.check(CREATE, 'other-bot', { channel_id: '1' }, T0).outcome).toBe('allowed');
  });

  it('ignores minor parameters: every message of a channel shares the bucket', () => {
    const l = limiter({ overrides: { 'message-delete': { limit: 1, windowMs: 1000 } } });
    const recent = String(DiscordSnowflake.generate({ timestamp: T0 - 1000 }));
    const recent2 = String(DiscordSnowflake.generate({ timestamp: T0 - 2000 }));
    expect(l.check(DELETE, 'bot', { channel_id: '1', message_id: recent }, T0).outcome).toBe('allowed');
    expect(l.check(DELETE, 'bot', { channel_id: '1', message_id: recent2 }, T0).outcome).toBe('route');
  });

  it('shares one bucket between the reaction routes', () => {
    const l = limiter();
    const params = { channel_id: '1', message_id: '5', emoji: '👍' };
    expect(l.check(REACT, 'bot', params, T0).outcome).toBe('allowed');
    expect(l.check(UNREACT, 'bot', { ...params, emoji: '🔥' }, T0 + 100)).toMatchObject({
      outcome: 'route',
      retryAfterMs: 150,
      bucket: { hash: bucketHash('reactions') },
    });
    expect(l.check(UNREACT, 'bot', params, T0 + 250).outcome).toBe('allowed');
  });

  it('puts deletes of messages older than 14 days in their own bucket', () => {
    const l = limiter({ overrides: { 'message-delete': { limit: 1, windowMs: 1000 } } });
    const old = String(DiscordSnowflake.generate({ timestamp: T0 - 15 * 24 * 3600_000 }));
    const recent = String(DiscordSnowflake.generate({ timestamp: T0 - 1000 }));
    expect(l.check(DELETE, 'bot', { channel_id: '1', message_id: recent }, T0).outcome).toBe('allowed');
    const oldDelete = l.check(DELETE, 'bot', { channel_id: '1', message_id: old }, T0);
    expect(oldDelete).toMatchObject({ outcome: 'allowed', bucket: { hash: bucketHash('message-delete-old') } });
  });

  it('applies overrides by bucket name and by wildcard, and at run time', () => {
    const l = limiter({ overrides: { '*': { limit: 2, windowMs: 1000 }, 'message-list': { limit: 3 } } });
    expect(burst(l, CREATE, 'bot', { channel_id: '1' }, 3)).toEqual(['allowed', 'allowed', 'route']);
    expect(burst(l, LIST, 'bot', { channel_id: '1' }, 4)).toEqual(['allowed', 'allowed', 'allowed', 'route']);
    l.setBucketLimit('message-create', { limit: 1, windowMs: 100 });
    expect(l.check(CREATE, 'bot', { channel_id: '9' }, T0)).toMatchObject({
      bucket: { limit: 1, remaining: 0, resetAt: T0 + 100 },
    });
  });

  it('gives a route of no bucket a bucket of its own', () => {
    const l = limiter();
    const unknown = route('GET /voice/regions');
    expect(unknown.bucketName).toBe('GET /voice/regions');
    expect(l.check(unknown, 'bot', {}, T0)).toMatchObject({
      bucket: { hash: bucketHash('GET /voice/regions'), limit: 10, remaining: 9 },
    });
  });

  it('peeks at a bucket without counting', () => {
    const l = limiter();
    l.check(CREATE, 'bot', { channel_id: '1' }, T0);
    expect(l.peek(CREATE, 'bot', { channel_id: '1' }, T0 + 10)).toMatchObject({ remaining: 4, resetAt: T0 + 5000 });
    expect(l.peek(CREATE, 'bot', { channel_id: '1' }, T0 + 10)).toMatchObject({ remaining: 4 });
    expect(l.peek(CREATE, 'bot', { channel_id: '2' }, T0 + 10)).toMatchObject({ remaining: 5, resetAt: T0 + 5010 });
  });
});

describe('global limit', () => {
  it('admits a burst of 50 per bot by default, across routes and channels, then one per 20 ms', () => {
    const l = limiter({ overrides: { '*': { limit: 1000, windowMs: 1000 } } });
    const results = Array.from({ length: 51 }, (_, i) =>
      i % 2 ? l.check(ME, 'bot', {}, T0) : l.check(LIST, 'bot', { channel_id: String(i) }, T0),
    );
    expect(results.filter((r) => r.outcome === 'allowed')).toHaveLength(50);
    expect(results[50]).toEqual({ outcome: 'global', retryAfterMs: 20 });
    expect(l.check(LIST, 'other-bot', { channel_id: '1' }, T0).outcome).toBe('allowed');
    // The bucket refills continuously: 5 more after 100 ms, a full burst after a second.
    expect(burst(l, LIST, 'bot', { channel_id: '1' }, 6, T0 + 100).filter((o) => o === 'allowed')).toHaveLength(5);
    expect(burst(l, LIST, 'bot', { channel_id: '1' }, 51, T0 + 1100).filter((o) => o === 'allowed')).toHaveLength(50);
  });

  it('holds at most the limit in any trailing second with the sliding window', () => {
    const l = limiter({ globalAlgorithm: 'sliding-window', globalPerSecond: 3, overrides: { '*': { limit: 100 } } });
    const at = (ms: number) => l.check(LIST, 'bot', { channel_id: '1' }, T0 + ms);
    expect([at(0), at(400), at(800)].map((d) => d.outcome)).toEqual(['allowed', 'allowed', 'allowed']);
    expect(at(999)).toEqual({ outcome: 'global', retryAfterMs: 1 });
    expect([at(1000), at(1001)].map((d) => d.outcome)).toEqual(['allowed', 'global']);
    expect(at(1400).outcome).toBe('allowed');
    l.setGlobalLimit(4);
    expect(at(1500).outcome).toBe('allowed');
    expect(at(1600)).toEqual({ outcome: 'global', retryAfterMs: 200 });
  });

  it('takes per-bot limits and changes at run time', () => {
    const l = limiter({ globalPerSecond: 3, globalPerBot: { big: 5 }, overrides: { '*': { limit: 100 } } });
    expect(burst(l, LIST, 'small', { channel_id: '1' }, 4)).toEqual(['allowed', 'allowed', 'allowed', 'global']);
    expect(burst(l, LIST, 'big', { channel_id: '1' }, 6).filter((o) => o === 'allowed')).toHaveLength(5);
    l.setGlobalLimit(10, 'small');
    expect(l.check(LIST, 'small', { channel_id: '1' }, T0).outcome).toBe('allowed');
  });

  it('exempts interaction callbacks and webhook-token routes', () => {
    const l = limiter({ globalPerSecond: 1, overrides: { '*': { limit: 100 } } });
    expect(l.check(ME, 'bot', {}, T0).outcome).toBe('allowed');
    expect(l.check(ME, 'bot', {}, T0).outcome).toBe('global');
    for (let i = 0; i < 5; i++) {
      expect(l.check(CALLBACK, '', { interaction_id: String(i), interaction_token: 't' }, T0).outcome).toBe('allowed');
      expect(l.check(FOLLOW_UP, '', { webhook_id: '1', webhook_token: `t${i}` }, T0).outcome).toBe('allowed');
    }
  });

  it('is checked before the route: a global 429 consumes nothing', () => {
    const l = limiter({ globalPerSecond: 1 });
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0).outcome).toBe('allowed');
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0)).toEqual({ outcome: 'global', retryAfterMs: 1000 });
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 1000)).toMatchObject({ bucket: { remaining: 3 } });
  });

  it('limits nothing when turned off', () => {
    const l = limiter({ enabled: false, globalPerSecond: 1 });
    expect(burst(l, CREATE, 'bot', { channel_id: '1' }, 100).every((o) => o === 'allowed')).toBe(true);
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0)).toEqual({ outcome: 'allowed', bucket: null });
  });

  it('forgets closed windows on sweep', () => {
    const l = limiter();
    burst(l, CREATE, 'bot', { channel_id: '1' }, 5);
    l.sweep(T0 + 1000);
    expect(l.check(CREATE, 'bot', { channel_id: '1' }, T0 + 1000).outcome).toBe('route');
    l.sweep(T0 + 5000);
    expect(l.peek(CREATE, 'bot', { channel_id: '1' }, T0 + 5000)).toMatchObject({ remaining: 5 });
  });
});

describe('invalid request counter', () => {
  it('bans an IP past the threshold within the window, for the ban period', () => {
    const counter = new InvalidRequestCounter({ threshold: 3, windowMs: 600_000, banMs: 60_000 });
    expect([1, 2, 3].map((i) => counter.record('1.2.3.4', T0 + i))).toEqual([false, false, false]);
    expect(counter.bannedUntil('1.2.3.4', T0 + 10)).toBe(0);
    expect(counter.record('1.2.3.4', T0 + 10)).toBe(true);
    expect(counter.bannedUntil('1.2.3.4', T0 + 20)).toBe(T0 + 60_010);
    expect(counter.bannedUntil('5.6.7.8', T0 + 20)).toBe(0);
    expect(counter.bannedUntil('1.2.3.4', T0 + 60_010)).toBe(0);
  });

  it('starts over when the window closes', () => {
    const counter = new InvalidRequestCounter({ threshold: 2, windowMs: 1000, banMs: 60_000 });
    counter.record('ip', T0);
    counter.record('ip', T0 + 1);
    expect(counter.count('ip', T0 + 2)).toBe(2);
    expect(counter.record('ip', T0 + 1000)).toBe(false);
    expect(counter.count('ip', T0 + 1001)).toBe(1);
  });

  it('defaults to 10,000 per 10 minutes', () => {
    const counter = new RateLimiter().invalidRequests;
    for (let i = 0; i < 10_000; i++) counter.record('ip', T0);
    expect(counter.bannedUntil('ip', T0)).toBe(0);
    counter.record('ip', T0 + 599_999);
    expect(counter.bannedUntil('ip', T0 + 599_999)).toBeGreaterThan(T0 + 599_999);
  });
});
