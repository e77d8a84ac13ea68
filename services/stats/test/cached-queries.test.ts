import { createRedis, type RedisConnection } from '@platform/cache';
import { createTestRedisPrefix, type TestRedisPrefix, testEndpoints } from '@platform/testkit';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerCaches } from '../src/cache/answer-caches.js';
import { CachedStatsQueries } from '../src/cache/cached-stats-queries.js';
import type { StatsWindow } from '../src/queries/stats-queries.js';
import { MemoryStats } from './memory-stats.js';

const GUILD = '900000000000000001';
const OTHER = '900000000000000002';
const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const CHANNEL = '800000000000000001';
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 15, 13, 20);
const CURRENT_HOUR = Date.UTC(2026, 2, 15, 13);
const thisWeek: StatsWindow = { from: new Date(Date.UTC(2026, 2, 8, 14)), to: new Date(Date.UTC(2026, 2, 15, 14)) };
const lastMonth: StatsWindow = { from: new Date(Date.UTC(2026, 1, 1)), to: new Date(Date.UTC(2026, 2, 1)) };

let prefix: TestRedisPrefix;
let registry: Registry;
const connections: RedisConnection[] = [];

beforeAll(() => {
  prefix = createTestRedisPrefix('stats-cache');
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await prefix?.clear();
});

async function setUp() {
  registry = new Registry();
  const store = new MemoryStats();
  store.add(
    { guildId: GUILD, userId: ALICE, channelId: CHANNEL, at: Date.UTC(2026, 1, 10, 9), messages: 4 },
    { guildId: GUILD, userId: BOB, channelId: CHANNEL, at: NOW - 5 * HOUR, messages: 2 },
    { guildId: OTHER, userId: BOB, channelId: CHANNEL, at: NOW - 5 * HOUR, messages: 8 },
  );
  // Keys of its own per test, so tests do not share cached answers.
  const redis = createRedis({ url: testEndpoints.redisUrl, prefix: `${prefix.prefix}${connections.length}` });
  connections.push(redis);
  await redis.connect();
  const caches = createAnswerCaches(redis, registry);
  const cached = new CachedStatsQueries({ queries: store, caches, ttlSeconds: 300, now: () => NOW });
  return { store, cached };
}

const messagesOf = async (cached: CachedStatsQueries, w: StatsWindow, guildId = GUILD) =>
  (await cached.serverStats(guildId, w)).messages;

describe('CachedStatsQueries over Redis', () => {
  it('serves repeated questions from the cache', async () => {
    const { store, cached } = await setUp();
    expect(await messagesOf(cached, thisWeek)).toBe(2);
    expect(await messagesOf(cached, thisWeek)).toBe(2);
    expect(store.calls.serverStats).toBe(1);
    expect(await registry.getSingleMetricAsString('cache_hits_total')).toMatch(/cache="server_stats"\} 1/);
  });

  it('a touch of the current hour refreshes open windows and leaves a closed past window cached', async () => {
    const { store, cached } = await setUp();
    expect(await messagesOf(cached, thisWeek)).toBe(2);
    expect(await messagesOf(cached, lastMonth)).toBe(4);
    expect((await cached.leaderboard(GUILD, 'messages', thisWeek, 10, ALICE)).rows).toHaveLength(1);
    expect(await messagesOf(cached, thisWeek, OTHER)).toBe(8);
    const before = { ...store.calls };

    store.add({ guildId: GUILD, userId: ALICE, channelId: CHANNEL, at: NOW - 60_000, messages: 3 });
    expect(await cached.invalidateTouched({ guildId: GUILD, hours: [CURRENT_HOUR], userIds: [ALICE] })).toBe(true);

    expect(await messagesOf(cached, thisWeek)).toBe(5);
    expect((await cached.leaderboard(GUILD, 'messages', thisWeek, 10, ALICE)).caller).toEqual({
      rank: 1,
      userId: ALICE,
      value: 3,
    });
    expect(await messagesOf(cached, lastMonth)).toBe(4);
    expect(await messagesOf(cached, thisWeek, OTHER)).toBe(8);
    // Reloaded: this week's server stats and leaderboard. Still cached: last month, the other guild.
    expect(store.calls.serverStats).toBe((before.serverStats ?? 0) + 1);
    expect(store.calls.leaderboard).toBe((before.leaderboard ?? 0) + 1);
  });

  it('a late event in a past hour refreshes the windows that cover it', async () => {
    const { store, cached } = await setUp();
    expect(await messagesOf(cached, lastMonth)).toBe(4);
    expect(await messagesOf(cached, thisWeek)).toBe(2);
    const late = Date.UTC(2026, 1, 20, 7);
    store.add({ guildId: GUILD, userId: BOB, channelId: CHANNEL, at: late + 600_000, messages: 6 });
    await cached.invalidateTouched({ guildId: GUILD, hours: [late], userIds: [BOB] });
    expect(await messagesOf(cached, lastMonth)).toBe(10);
    expect(await messagesOf(cached, thisWeek)).toBe(2);
    expect(store.calls.serverStats).toBe(3);
  });

  it('a settings change drops every answer of the guild, and only that guild', async () => {
    const { store, cached } = await setUp();
    await cached.heatmap(GUILD, lastMonth, 'UTC');
    await cached.timeline(GUILD, 'messages', lastMonth, 'day', 'UTC');
    await cached.heatmap(OTHER, lastMonth, 'UTC');
    await cached.invalidateGuild(GUILD);
    await cached.heatmap(GUILD, lastMonth, 'UTC');
    await cached.timeline(GUILD, 'messages', lastMonth, 'day', 'UTC');
    await cached.heatmap(OTHER, lastMonth, 'UTC');
    expect(store.calls).toMatchObject({ heatmap: 3, timeline: 2 });
  });

  it('inactive answers change with activity since their start', async () => {
    const { store, cached } = await setUp();
    store.join(GUILD, '100000000000000009');
    const since = new Date(NOW - 30 * 24 * HOUR);
    expect((await cached.inactive(GUILD, since, 10)).map((m) => m.userId)).toEqual(['100000000000000009', ALICE]);
    store.add({ guildId: GUILD, userId: ALICE, channelId: CHANNEL, at: NOW - 60_000, messages: 1 });
    await cached.invalidateTouched({ guildId: GUILD, hours: [CURRENT_HOUR], userIds: [ALICE] });
    expect((await cached.inactive(GUILD, since, 10)).map((m) => m.userId)).toEqual(['100000000000000009']);
  });
});
