import { createHttpServer, type HttpServer } from '@platform/service-kit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStatsRoutes } from '../src/http/stats-routes.js';
import { USER_DAY_COLUMNS } from '../src/http/user-days.js';
import { TIMELINE_SIZE } from '../src/render/chart-specs.js';
import { createPngRenderer } from '../src/render/render-png.js';
import { MemorySettings, MemoryStats, MemoryUserDays } from './memory-stats.js';

const TOKEN = 'test-internal-token-0123456789';
const GUILD = '900000000000000001';
const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const CHANNEL = '800000000000000001';
const NOW = Date.UTC(2026, 2, 15, 13, 20);
const HOUR = 3_600_000;

let app: HttpServer;
const stats = new MemoryStats();
const settings = new MemorySettings(stats);

beforeAll(async () => {
  stats.add(
    { guildId: GUILD, userId: ALICE, channelId: CHANNEL, at: NOW - 2 * HOUR, messages: 5, voiceSeconds: 120 },
    { guildId: GUILD, userId: BOB, channelId: CHANNEL, at: NOW - 26 * HOUR, messages: 9 },
    { guildId: GUILD, userId: ALICE, channelId: CHANNEL, at: NOW - 20 * 24 * HOUR, messages: 1 },
  );
  const registry = new Registry();
  app = createHttpServer({ logger: pino({ level: 'silent' }), registry });
  registerStatsRoutes(app, {
    queries: stats,
    settings,
    exporter: new MemoryUserDays(stats),
    renderer: createPngRenderer({ fontDir: '/usr/share/fonts/truetype/dejavu', registry }),
    token: TOKEN,
    defaultDays: 30,
    now: () => NOW,
  });
  await app.ready();
});

afterAll(() => app?.close());

const get = (url: string, token: string | null = TOKEN) =>
  app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('HTTP API', () => {
  it('requires the internal bearer token', async () => {
    expect((await get(`/guilds/${GUILD}/stats`, null)).statusCode).toBe(401);
    expect((await get(`/guilds/${GUILD}/stats`, 'wrong-token')).statusCode).toBe(401);
  });

  it('answers server and member statistics for a lookback', async () => {
    const server = await get(`/guilds/${GUILD}/stats?days=1`);
    expect(server.statusCode).toBe(200);
    expect(server.json()).toMatchObject({
      window: { from: '2026-03-14T14:00:00.000Z', to: '2026-03-15T14:00:00.000Z' },
      stats: { messages: 5, activeUsers: 1 },
    });
    const all = await get(`/guilds/${GUILD}/users/${ALICE}/stats?all=true`);
    expect(all.json()).toMatchObject({
      window: { from: null },
      stats: { userId: ALICE, messages: 6, voiceSeconds: 120 },
    });
    const since = await get(`/guilds/${GUILD}/stats?since=2026-03-14`);
    expect(since.json().stats.messages).toBe(14);
  });

  it('answers the leaderboard with the caller rank', async () => {
    const response = await get(`/guilds/${GUILD}/leaderboard?type=messages&limit=1&caller=${ALICE}`);
    expect(response.json().leaderboard).toEqual({
      type: 'messages',
      rows: [{ rank: 1, userId: BOB, value: 9 }],
      caller: { rank: 2, userId: ALICE, value: 6 },
    });
  });

  it('refuses bad query strings with 400 and the reason', async () => {
    const cases: [string, string | RegExp][] = [
      ['stats?days=0', 'days must be at least 1, not 0.'],
      ['stats?days=ten', 'invalid query'],
      ['stats?since=2099-01-01', 'since 2099-01-01 is in the future; give a past date.'],
      ['stats?days=3&all=true', 'Give only one of days and all.'],
      ['leaderboard?type=likes', 'invalid query'],
      ['leaderboard?type=voice&limit=500', 'limit must be a whole number from 1 to 100, not 500.'],
      ['heatmap?tz=Mars/Olympus', 'invalid query'],
      ['timeline?metric=voice&granularity=hour&days=90', /at most 31 days/],
      ['inactive?limit=0', 'limit must be a whole number from 1 to 1000, not 0.'],
    ];
    for (const [path, reason] of cases) {
      const response = await get(`/guilds/${GUILD}/${path}`);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error, path).toMatch(reason);
    }
    const bad = await get(`/guilds/${GUILD}/heatmap?tz=Mars/Olympus`);
    expect(bad.json().issues).toEqual([{ path: 'tz', message: 'expected an IANA time zone such as Europe/Paris' }]);
    expect((await get('/guilds/not-an-id/stats')).statusCode).toBe(400);
  });

  it('answers the heatmap in the zone asked for, and timelines', async () => {
    const heatmap = (await get(`/guilds/${GUILD}/heatmap?days=7&tz=Asia/Tokyo`)).json();
    expect(heatmap.timeZone).toBe('Asia/Tokyo');
    // 11:20 UTC on Sunday is 20:20 on Sunday in Tokyo; 11:20 UTC on Saturday, 20:20 Saturday.
    expect(heatmap.heatmap[6][20]).toBe(5);
    expect(heatmap.heatmap[5][20]).toBe(9);
    const timeline = (await get(`/guilds/${GUILD}/timeline?metric=messages&days=2`)).json();
    expect(timeline.granularity).toBe('hour');
    expect(timeline.points).toEqual([
      { at: NOW - 26 * HOUR - 20 * 60_000, value: 9 },
      { at: NOW - 2 * HOUR - 20 * 60_000, value: 5 },
    ]);
  });

  it('draws the chart as a PNG', async () => {
    const response = await get(`/guilds/${GUILD}/chart.png?metric=messages&days=30`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const png = response.rawPayload;
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(TIMELINE_SIZE);
  });

  it('lists inactive members', async () => {
    stats.join(GUILD, '100000000000000009');
    const response = (await get(`/guilds/${GUILD}/inactive?days=1`)).json();
    expect(response.members.map((m: { userId: string }) => m.userId)).toEqual(['100000000000000009', BOB]);
  });

  it('exports per user per day rows as CSV and as JSON', async () => {
    const csv = await get(`/guilds/${GUILD}/export.csv?all=true`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="stats-${GUILD}.csv"`);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(USER_DAY_COLUMNS.join(','));
    expect(lines.slice(1)).toEqual([
      `2026-02-23,${ALICE},1,0,0,0,0,0,0,0,0,0,0`,
      `2026-03-14,${BOB},9,0,0,0,0,0,0,0,0,0,0`,
      `2026-03-15,${ALICE},5,0,0,0,0,0,120,0,0,0,0`,
    ]);
    const json = (await get(`/guilds/${GUILD}/export.json?days=2`)).json();
    expect(json).toMatchObject({ guildId: GUILD, from: '2026-03-13T14:00:00.000Z', to: '2026-03-15T14:00:00.000Z' });
    expect(json.rows.map((r: { day: string; userId: string }) => `${r.day} ${r.userId}`)).toEqual([
      `2026-03-14 ${BOB}`,
      `2026-03-15 ${ALICE}`,
    ]);
  });

  it('says a member opted out rather than answering zeros', async () => {
    await settings.optOut(GUILD, BOB);
    expect((await get(`/guilds/${GUILD}/users/${BOB}/stats`)).statusCode).toBe(404);
  });
});
