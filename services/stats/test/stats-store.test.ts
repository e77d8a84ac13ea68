import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStatsQueries } from '../src/queries/pg-stats-queries.js';
import { InvalidSettingError, InvalidTimeZoneError } from '../src/settings/invalid-setting-error.js';
import { PgGuildSettingsStore } from '../src/settings/pg-guild-settings-store.js';
import {
  countRows,
  createTestStore,
  envelope,
  GUILD,
  messageCreate,
  StatsWriter,
  snowflakeAt,
  type TestStore,
  voiceState,
  writeBatch,
} from './store-fixtures.js';

const H = 3_600_000;
const MIN = 60_000;
// Monday 2026-11-30 09:00 UTC; "now" is two days later.
const T0 = Date.UTC(2026, 10, 30, 9);
const NOW = T0 + 2 * 24 * H;
const CAP = 12 * H;
const ALL = { from: null, to: new Date(NOW + H) };

const ANN = '200000000000000001';
const BEN = '200000000000000002';
const CAT = '200000000000000003';
const BOT = '200000000000000099';
const GENERAL = '300000000000000001';
const RANDOM = '300000000000000002';
const ROOM = '300000000000000010';
const AFK = '300000000000000011';

let store: TestStore;
let writer: StatsWriter;
let queries: PgStatsQueries;
let settings: PgGuildSettingsStore;
let now = NOW;

beforeAll(async () => {
  store = await createTestStore('stats_store');
  writer = new StatsWriter({ pool: store.pool, rawRetentionMs: 30 * 24 * H, voiceSessionCapMs: CAP, now: () => now });
  queries = new PgStatsQueries(store.pool, { now: () => now });
  settings = new PgGuildSettingsStore(store.pool);
  await writeBatch(writer, [
    envelope(
      'GUILD_CREATE',
      {
        id: GUILD,
        afk_channel_id: AFK,
        member_count: 3,
        members: [ANN, BEN, CAT]
          .map((id) => ({ user: { id, username: id }, roles: [] }))
          .concat([{ user: { id: BOT, username: 'bot', bot: true } as never, roles: [] }]),
        voice_states: [],
      },
      T0 - H,
    ),
  ]);
});

afterAll(async () => {
  await store?.close();
});

describe('messages', () => {
  it('counts a message delivered twice once, and a deletion that came before its message', async () => {
    const first = snowflakeAt(T0 + 5 * MIN);
    const deleted = snowflakeAt(T0 + 6 * MIN);
    const create = envelope('MESSAGE_CREATE', messageCreate(first, ANN, GENERAL, { attachments: [{ id: '1' }] }), T0);
    const result = await writeBatch(writer, [create, create]);
    expect(result.rows.messages).toEqual({ staged: 2, inserted: 1 });
    await writeBatch(writer, [create]);
    // The deletion first (its message unknown yet), the message later: both count.
    await writeBatch(writer, [
      envelope('MESSAGE_DELETE', { id: deleted, channel_id: GENERAL, guild_id: GUILD }, T0 + 2 * H),
    ]);
    await writeBatch(writer, [envelope('MESSAGE_CREATE', messageCreate(deleted, ANN, GENERAL), T0 + 6 * MIN)]);
    // And a duplicate of the deletion counts nothing more.
    await writeBatch(writer, [
      envelope('MESSAGE_DELETE', { id: deleted, channel_id: GENERAL, guild_id: GUILD }, T0 + 2 * H),
    ]);
    const edited = (at: number) =>
      envelope(
        'MESSAGE_UPDATE',
        messageCreate(first, ANN, GENERAL, { edited_timestamp: new Date(at).toISOString() }),
        at,
      );
    await writeBatch(writer, [edited(T0 + 10 * MIN), edited(T0 + 10 * MIN), edited(T0 + 20 * MIN)]);
    const stats = await queries.userStats(GUILD, ANN, ALL);
    expect(stats).toMatchObject({ messages: 2, deletions: 1, edits: 2, attachments: 1, messageRank: 1 });
    expect(stats.topChannels).toEqual([{ channelId: GENERAL, messages: 2 }]);
    // Each in its own hour: the messages and edits at 09:xx, the deletion at 11:00.
    const hours = await queries.timeline(
      GUILD,
      'messages',
      { from: new Date(T0), to: new Date(T0 + 3 * H) },
      'hour',
      'UTC',
    );
    expect(hours).toEqual([
      { at: T0, value: 2 },
      { at: T0 + H, value: 0 },
      { at: T0 + 2 * H, value: 0 },
    ]);
    const byHour = await store.pool.query(
      `SELECT ts_ms(hour) AS hour, sum(messages)::int AS m, sum(deletions)::int AS d, sum(edits)::int AS e
         FROM activity_hourly WHERE user_id = $1 GROUP BY hour ORDER BY hour`,
      [ANN],
    );
    expect(byHour.rows).toEqual([
      { hour: String(T0), m: 2, d: 0, e: 2 },
      { hour: String(T0 + 2 * H), m: 0, d: 1, e: 0 },
    ]);
  });

  it('stores no content unless the guild turns it on', async () => {
    const plain = snowflakeAt(T0 + 30 * MIN);
    await writeBatch(writer, [envelope('MESSAGE_CREATE', messageCreate(plain, BEN, GENERAL), T0 + 30 * MIN)]);
    await settings.update(GUILD, { storeContent: true });
    const kept = snowflakeAt(T0 + 31 * MIN);
    await writeBatch(writer, [envelope('MESSAGE_CREATE', messageCreate(kept, BEN, GENERAL), T0 + 31 * MIN)]);
    await settings.update(GUILD, { storeContent: false });
    const rows = await store.pool.query('SELECT message_id, content FROM messages WHERE message_id = ANY($1)', [
      [plain, kept],
    ]);
    expect(Object.fromEntries(rows.rows.map((r) => [r.message_id, r.content]))).toEqual({
      [plain]: null,
      [kept]: `text of ${kept}`,
    });
  });

  it('excludes bots: their messages, their reactions, reactions to their messages, their voice', async () => {
    const botMessage = snowflakeAt(T0 + 40 * MIN);
    await writeBatch(writer, [
      envelope(
        'MESSAGE_CREATE',
        messageCreate(botMessage, BOT, GENERAL, { author: { id: BOT, username: 'bot', bot: true } }),
        T0 + 40 * MIN,
      ),
      envelope(
        'MESSAGE_REACTION_ADD',
        {
          user_id: CAT,
          channel_id: GENERAL,
          message_id: botMessage,
          guild_id: GUILD,
          message_author_id: BOT,
          emoji: { id: null, name: '🤖' },
        },
        T0 + 41 * MIN,
      ),
      envelope(
        'VOICE_STATE_UPDATE',
        voiceState(BOT, ROOM, { member: { user: { id: BOT, bot: true }, roles: [] } }),
        T0 + 41 * MIN,
      ),
    ]);
    expect(await countRows(store.pool, 'user_totals', 'user_id', BOT)).toBe(0);
    expect(await countRows(store.pool, 'messages', 'author_id', BOT)).toBe(0);
    expect((await queries.userStats(GUILD, CAT, ALL)).reactionsGiven).toBe(1);
    const board = await queries.leaderboard(GUILD, 'messages', ALL, 10, BOT);
    expect(board.rows.map((r) => r.userId)).not.toContain(BOT);
    expect(board.caller).toBeNull();
  });

  it('does not count an excluded channel', async () => {
    await settings.update(GUILD, { excludedChannelIds: [RANDOM] });
    await writeBatch(writer, [
      envelope('MESSAGE_CREATE', messageCreate(snowflakeAt(T0 + 50 * MIN), CAT, RANDOM), T0 + 50 * MIN),
    ]);
    await settings.update(GUILD, { excludedChannelIds: [] });
    expect((await queries.userStats(GUILD, CAT, ALL)).messages).toBe(0);
  });
});

describe('voice', () => {
  it('counts sessions in their hours, leaves AFK out, and survives a restart through GUILD_CREATE', async () => {
    const start = T0 + 24 * H;
    await writeBatch(writer, [
      envelope('VOICE_STATE_UPDATE', voiceState(ANN, ROOM), start),
      envelope('VOICE_STATE_UPDATE', voiceState(BEN, ROOM, { self_stream: true }), start),
      envelope('VOICE_STATE_UPDATE', voiceState(BEN, AFK), start + 30 * MIN),
    ]);
    // A restart: the open sessions are in Postgres; the snapshot shows Ben gone (he left unseen) and Ann in voice.
    const snapshotAt = start + 90 * MIN;
    await writeBatch(writer, [
      envelope(
        'GUILD_CREATE',
        { id: GUILD, afk_channel_id: AFK, member_count: 3, members: [], voice_states: [voiceState(ANN, ROOM)] },
        snapshotAt,
      ),
    ]);
    await writeBatch(writer, [envelope('VOICE_STATE_UPDATE', voiceState(ANN, null), start + 2 * H)]);
    const ann = await queries.userStats(GUILD, ANN, ALL);
    const ben = await queries.userStats(GUILD, BEN, ALL);
    expect(ann.voiceSeconds).toBe(2 * 3600);
    expect(ben.voiceSeconds).toBe(30 * 60);
    expect(ben.streamSeconds).toBe(30 * 60);
    const open = await store.pool.query('SELECT count(*)::int AS n FROM voice_current WHERE channel_id IS NOT NULL');
    expect(open.rows[0].n).toBe(0);
    const board = await queries.leaderboard(GUILD, 'voice', ALL, 1, BEN);
    expect(board.rows).toEqual([{ rank: 1, userId: ANN, value: 7200 }]);
    expect(board.caller).toEqual({ rank: 2, userId: BEN, value: 1800 });
  });

  it('closes a session that never ended at the cap, and a late leave changes nothing', async () => {
    const start = T0 + 25 * H;
    await writeBatch(writer, [envelope('VOICE_STATE_UPDATE', voiceState(CAT, ROOM), start)]);
    now = start + CAP + H;
    const capped = await writer.closeCappedSessions();
    expect(capped.closed).toBe(1);
    expect((await queries.userStats(GUILD, CAT, ALL)).voiceSeconds).toBe(CAP / 1000);
    await writeBatch(writer, [envelope('VOICE_STATE_UPDATE', voiceState(CAT, null), start + CAP + 30 * MIN)]);
    expect((await queries.userStats(GUILD, CAT, ALL)).voiceSeconds).toBe(CAP / 1000);
    now = NOW;
  });
});

describe('queries', () => {
  it('draws the heatmap by weekday and hour in the guild zone', async () => {
    // The four messages of Monday 09:xx UTC are Monday 04:xx in New York and Monday 18:xx in Tokyo.
    const ny = await queries.heatmap(GUILD, { from: new Date(T0), to: new Date(T0 + H) }, 'America/New_York');
    const tokyo = await queries.heatmap(GUILD, { from: new Date(T0), to: new Date(T0 + H) }, 'Asia/Tokyo');
    expect(ny[0]?.[4]).toBe(4);
    expect(tokyo[0]?.[18]).toBe(4);
    expect(ny.flat().reduce((a, b) => a + b, 0)).toBe(4);
    await expect(queries.heatmap(GUILD, ALL, 'Mars/Olympus')).rejects.toBeInstanceOf(InvalidTimeZoneError);
  });

  it('buckets days at local midnight', async () => {
    const days = await queries.timeline(
      GUILD,
      'messages',
      { from: new Date(Date.UTC(2026, 10, 29, 15)), to: new Date(Date.UTC(2026, 11, 1, 15)) },
      'day',
      'Asia/Tokyo',
    );
    expect(days.map((d) => new Date(d.at).toISOString())).toEqual([
      '2026-11-29T15:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ]);
    expect(days.map((d) => d.value)).toEqual([4, 0]);
  });

  it('ranks ties alike and keeps the caller outside the top', async () => {
    // Ann has 2 messages, Ben 2: a tie for first place; Cat has none.
    const board = await queries.leaderboard(GUILD, 'messages', ALL, 1, BEN);
    expect(board.rows).toEqual([{ rank: 1, userId: ANN, value: 2 }]);
    expect(board.caller).toEqual({ rank: 1, userId: BEN, value: 2 });
    const windowed = await queries.leaderboard(
      GUILD,
      'messages',
      { from: new Date(T0), to: new Date(T0 + 3 * H) },
      5,
      CAT,
    );
    expect(windowed.rows.map((r) => [r.rank, r.userId, r.value])).toEqual([
      [1, ANN, 2],
      [1, BEN, 2],
    ]);
    expect(windowed.caller).toBeNull();
    const server = await queries.serverStats(GUILD, ALL);
    expect(server).toMatchObject({ messages: 4, activeUsers: 3, memberCount: 3, reactions: 1 });
    expect(server.topEmoji).toEqual([{ emoji: '🤖', count: 1 }]);
  });

  it('tracks joins, leaves, retention, member counts and inactive members', async () => {
    const DAN = '200000000000000004';
    const joinedAt = T0 + 26 * H;
    await writeBatch(writer, [
      envelope(
        'GUILD_MEMBER_ADD',
        { guild_id: GUILD, user: { id: DAN, username: 'dan' }, roles: [], joined_at: new Date(joinedAt).toISOString() },
        joinedAt,
      ),
      envelope('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: { id: DAN, username: 'dan' } }, joinedAt + 2 * H),
      envelope('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: { id: CAT, username: 'cat' } }, joinedAt + 3 * H),
    ]);
    expect(await queries.retention(GUILD, ALL, 1)).toEqual({ joined: 1, leftWithin: 1, days: 1 });
    const server = await queries.serverStats(GUILD, ALL);
    expect(server).toMatchObject({ joins: 1, leaves: 2, netGrowth: -1, memberCount: 2 });
    const members = await queries.timeline(
      GUILD,
      'members',
      { from: new Date(joinedAt), to: new Date(joinedAt + 4 * H) },
      'hour',
      'UTC',
    );
    expect(members.map((p) => p.value)).toEqual([4, 4, 3, 2]);
    // Ann and Ben were active on day 2; Cat and Dan left; nobody else is a member.
    const inactive = await queries.inactive(GUILD, new Date(T0 + 24 * H), 10);
    expect(inactive).toEqual([]);
    const sinceLater = await queries.inactive(GUILD, new Date(NOW), 10);
    expect(sinceLater.map((m) => m.userId)).toEqual([BEN, ANN]);
  });
});

describe('settings and opt-out', () => {
  it('refuses an unknown zone or a bad channel id and changes nothing', async () => {
    await expect(settings.update(GUILD, { timeZone: 'Nowhere/Town' })).rejects.toBeInstanceOf(InvalidTimeZoneError);
    await expect(settings.update(GUILD, { excludedChannelIds: ['general'] })).rejects.toBeInstanceOf(
      InvalidSettingError,
    );
    expect((await settings.get(GUILD)).timeZone).toBe('UTC');
    expect((await settings.update(GUILD, { timeZone: 'Europe/Paris' })).timeZone).toBe('Europe/Paris');
  });

  it('removes every row about a user who opts out, takes them out of the totals, and stops counting them', async () => {
    const before = await queries.serverStats(GUILD, ALL);
    await settings.optOut(GUILD, ANN);
    expect(await settings.isOptedOut(GUILD, ANN)).toBe(true);
    const tables: [string, string][] = [
      ['messages', 'author_id'],
      ['message_edits', 'author_id'],
      ['reactions', 'user_id'],
      ['voice_states', 'user_id'],
      ['voice_current', 'user_id'],
      ['activity_hourly', 'user_id'],
      ['user_periods', 'user_id'],
      ['user_totals', 'user_id'],
      ['members', 'user_id'],
    ];
    for (const [table, column] of tables) expect(await countRows(store.pool, table, column, ANN), table).toBe(0);
    const after = await queries.serverStats(GUILD, ALL);
    expect(after.messages).toBe(before.messages - 2);
    expect(after.voiceSeconds).toBe(before.voiceSeconds - 7200);
    await writeBatch(writer, [
      envelope('MESSAGE_CREATE', messageCreate(snowflakeAt(NOW - H), ANN, GENERAL), NOW - H),
      envelope('VOICE_STATE_UPDATE', voiceState(ANN, ROOM), NOW - H),
    ]);
    expect(await countRows(store.pool, 'messages', 'author_id', ANN)).toBe(0);
    expect(await countRows(store.pool, 'voice_states', 'user_id', ANN)).toBe(0);
    await settings.optIn(GUILD, ANN);
    await writeBatch(writer, [envelope('MESSAGE_CREATE', messageCreate(snowflakeAt(NOW - 1), ANN, GENERAL), NOW - 1)]);
    expect((await queries.userStats(GUILD, ANN, ALL)).messages).toBe(1);
  });
});

describe('raw retention', () => {
  it('drops day partitions past the retention and does not store events older than it', async () => {
    const created = await writer.maintainPartitions();
    expect(created.created.length).toBeGreaterThan(0);
    now = NOW + 40 * 24 * H;
    const { dropped } = await writer.maintainPartitions();
    expect(dropped).toContain(`messages_p${new Date(T0).toISOString().slice(0, 10).replaceAll('-', '')}`);
    const late = await writeBatch(writer, [
      envelope('MESSAGE_CREATE', messageCreate(snowflakeAt(T0), BEN, GENERAL), now),
    ]);
    expect(late.outcomes).toEqual(['expired']);
    // Rollups stay.
    expect((await queries.userStats(GUILD, BEN, { from: null, to: new Date(now + H) })).messages).toBe(2);
    now = NOW;
  });
});
