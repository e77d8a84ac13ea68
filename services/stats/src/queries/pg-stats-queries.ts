import type pg from 'pg';
import { InvalidTimeZoneError, isUnknownTimeZone } from '../settings/invalid-setting-error.js';
import { type Cover, coverOf, DISCORD_EPOCH_MS } from '../storage/rollup-cover.js';
import { USER_METRICS } from '../storage/rollup-writes.js';
import type {
  ChannelCount,
  EmojiCount,
  Heatmap,
  InactiveMember,
  Leaderboard,
  LeaderboardRow,
  LeaderboardType,
  Retention,
  ServerStats,
  StatsQueries,
  StatsWindow,
  TimelineGranularity,
  TimelineMetric,
  TimelinePoint,
  UserStats,
} from './stats-queries.js';

const HOUR_MS = 3_600_000;
const TOP_CHANNELS = 10;
const TOP_USER_CHANNELS = 5;
const TOP_EMOJI = 10;

/** The user rollup column each leaderboard ranks by. */
const BOARD_COLUMN: Record<LeaderboardType, 'messages' | 'voice_ms' | 'reactions_given'> = {
  messages: 'messages',
  voice: 'voice_ms',
  reactions: 'reactions_given',
};

/** Voice is stored in ms and answered in seconds. */
const boardValue = (type: LeaderboardType, raw: string | number) =>
  type === 'voice' ? Number(raw) / 1000 : Number(raw);

/** Parameters of one query, with `$n` placeholders handed out in order. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The rows of a period rollup that answer a cover: index range conditions on (period, start), OR'ed,
 * which Postgres runs as one bitmap scan per range. `'a'` rows for all time.
 */
function coverCondition(alias: string, cover: Cover, params: Params): string {
  if (cover.allTime) return `${alias}.period = 'a'`;
  if (cover.ranges.length === 0) return 'false';
  const ranges = cover.ranges.map(
    (r) =>
      `(${alias}.period = ${params.add(r.period)} AND ${alias}.start >= ${params.add(new Date(r.from))}` +
      ` AND ${alias}.start < ${params.add(new Date(r.to))})`,
  );
  return `(${ranges.join(' OR ')})`;
}

/**
 * The per-user rows that answer a cover, as a FROM item `u` with `user_id` and the user metrics:
 * `user_totals` for all time, otherwise `user_periods` for whole days and months and `activity_hourly`
 * for the hours at the window's edges. `userId` narrows it to one user (and to that user's indexes).
 */
function userRows(guild: string, cover: Cover, params: Params, userId?: string): string {
  const columns = `user_id, ${USER_METRICS.join(', ')}`;
  const only = (alias: string) => (userId ? ` AND ${alias}.user_id = ${userId}` : '');
  if (cover.allTime) return `(SELECT ${columns} FROM user_totals t WHERE t.guild_id = ${guild}${only('t')}) u`;
  const periods = cover.ranges.filter((r) => r.period !== 'h');
  const hours = cover.ranges.filter((r) => r.period === 'h');
  const parts: string[] = [];
  if (periods.length > 0)
    parts.push(
      `SELECT ${columns} FROM user_periods p WHERE p.guild_id = ${guild}${only('p')}
          AND ${coverCondition('p', { allTime: false, ranges: periods }, params)}`,
    );
  if (hours.length > 0) {
    const within = hours.map(
      (r) => `(a.hour >= ${params.add(new Date(r.from))} AND a.hour < ${params.add(new Date(r.to))})`,
    );
    parts.push(
      `SELECT ${columns} FROM activity_hourly a WHERE a.guild_id = ${guild}${only('a')} AND (${within.join(' OR ')})`,
    );
  }
  if (parts.length === 0) parts.push(`SELECT ${columns} FROM user_totals WHERE false`);
  return `(${parts.join(' UNION ALL ')}) u`;
}

/** The window widened to whole hours, as instants for the hourly tables; `from` null is unbounded. */
function hourBounds(window: StatsWindow): { from: Date | null; to: Date } {
  return {
    from: window.from ? new Date(Math.floor(window.from.getTime() / HOUR_MS) * HOUR_MS) : null,
    to: new Date(Math.ceil(window.to.getTime() / HOUR_MS) * HOUR_MS),
  };
}

export interface PgStatsQueriesOptions {
  now?: () => number;
}

/** {@link StatsQueries} over the Postgres rollups of storage/: every query is index scans of rollups. */
export class PgStatsQueries implements StatsQueries {
  private readonly now: () => number;

  constructor(
    private readonly pool: pg.Pool,
    options: PgStatsQueriesOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private cover(window: StatsWindow): Cover {
    return coverOf(window, this.now());
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(sql, params as unknown[])).rows;
  }

  async userStats(guildId: string, userId: string, window: StatsWindow): Promise<UserStats> {
    const cover = this.cover(window);
    const own = new Params();
    const guild = own.add(guildId);
    const user = own.add(userId);
    const totalsSql = `SELECT coalesce(sum(u.messages), 0) AS messages, coalesce(sum(u.edits), 0) AS edits,
        coalesce(sum(u.deletions), 0) AS deletions, coalesce(sum(u.attachments), 0) AS attachments,
        coalesce(sum(u.reactions_given), 0) AS reactions_given,
        coalesce(sum(u.reactions_received), 0) AS reactions_received, coalesce(sum(u.voice_ms), 0) AS voice_ms,
        coalesce(sum(u.stream_ms), 0) AS stream_ms, coalesce(sum(u.video_ms), 0) AS video_ms,
        coalesce(sum(u.mute_ms), 0) AS mute_ms, coalesce(sum(u.deaf_ms), 0) AS deaf_ms
      FROM ${userRows(guild, cover, own, user)}`;
    const [totals] = await this.rows<Record<string, string>>(totalsSql, own.values);
    const t = (column: string) => Number(totals?.[column] ?? 0);
    const bounds = hourBounds(window);
    const [channels, lastActive, { messageRank, voiceRank }] = await Promise.all([
      this.rows<{ channel_id: string; messages: string }>(
        `SELECT channel_id, sum(messages) AS messages FROM activity_hourly
          WHERE guild_id = $1 AND user_id = $2 AND ($3::timestamptz IS NULL OR hour >= $3) AND hour < $4
          GROUP BY channel_id HAVING sum(messages) > 0 ORDER BY 2 DESC, channel_id LIMIT ${TOP_USER_CHANNELS}`,
        [guildId, userId, bounds.from, bounds.to],
      ),
      this.rows<{ at: string | null }>(
        'SELECT ts_ms(last_active_at) AS at FROM members WHERE guild_id = $1 AND user_id = $2',
        [guildId, userId],
      ),
      this.ranks(guildId, cover, t('messages'), t('voice_ms')),
    ]);
    const at = lastActive[0]?.at;
    return {
      userId,
      messages: t('messages'),
      edits: t('edits'),
      deletions: t('deletions'),
      attachments: t('attachments'),
      reactionsGiven: t('reactions_given'),
      reactionsReceived: t('reactions_received'),
      voiceSeconds: t('voice_ms') / 1000,
      streamSeconds: t('stream_ms') / 1000,
      videoSeconds: t('video_ms') / 1000,
      muteSeconds: t('mute_ms') / 1000,
      deafSeconds: t('deaf_ms') / 1000,
      messageRank,
      voiceRank,
      topChannels: channels.map((c) => ({ channelId: c.channel_id, messages: Number(c.messages) })),
      lastActiveAt: at === null || at === undefined ? null : Number(at),
    };
  }

  /** 1 + the users with more of `column` in the cover; null for a user with none. */
  /** Message and voice ranks: 1 + the users with more in the cover; null for a user with none. */
  private async ranks(
    guildId: string,
    cover: Cover,
    messages: number,
    voiceMs: number,
  ): Promise<{ messageRank: number | null; voiceRank: number | null }> {
    if (messages <= 0 && voiceMs <= 0) return { messageRank: null, voiceRank: null };
    const params = new Params();
    const guild = params.add(guildId);
    const m = params.add(messages);
    const v = params.add(voiceMs);
    // All time: two index range counts. A window: one pass over everyone's rows of the cover.
    const sql = cover.allTime
      ? `SELECT (SELECT count(*) FROM user_totals WHERE guild_id = ${guild} AND messages > ${m}) AS messages_ahead,
                (SELECT count(*) FROM user_totals WHERE guild_id = ${guild} AND voice_ms > ${v}) AS voice_ahead`
      : `SELECT count(*) FILTER (WHERE x.messages > ${m}) AS messages_ahead,
                count(*) FILTER (WHERE x.voice_ms > ${v}) AS voice_ahead
           FROM (SELECT u.user_id, sum(u.messages) AS messages, sum(u.voice_ms) AS voice_ms
                   FROM ${userRows(guild, cover, params)} GROUP BY u.user_id) x`;
    const [row] = await this.rows<{ messages_ahead: string; voice_ahead: string }>(sql, params.values);
    return {
      messageRank: messages > 0 ? Number(row?.messages_ahead ?? 0) + 1 : null,
      voiceRank: voiceMs > 0 ? Number(row?.voice_ahead ?? 0) + 1 : null,
    };
  }

  async serverStats(guildId: string, window: StatsWindow): Promise<ServerStats> {
    const cover = this.cover(window);
    const totals = new Params();
    const totalsGuild = totals.add(guildId);
    const active = new Params();
    const activeGuild = active.add(guildId);
    const channels = new Params();
    const channelsGuild = channels.add(guildId);
    const emoji = new Params();
    const emojiGuild = emoji.add(guildId);
    const [sums, activeUsers, topChannels, topEmoji, guild] = await Promise.all([
      this.rows<Record<string, string>>(
        `SELECT coalesce(sum(messages), 0) AS messages, coalesce(sum(voice_ms), 0) AS voice_ms,
                coalesce(sum(reactions), 0) AS reactions, coalesce(sum(joins), 0) AS joins,
                coalesce(sum(leaves), 0) AS leaves
           FROM guild_periods g WHERE g.guild_id = ${totalsGuild} AND ${coverCondition('g', cover, totals)}`,
        totals.values,
      ),
      this.rows<{ n: string }>(
        `SELECT count(*) AS n FROM (
           SELECT u.user_id FROM ${userRows(activeGuild, cover, active)} GROUP BY u.user_id
           HAVING sum(u.messages) > 0 OR sum(u.reactions_given) > 0 OR sum(u.voice_ms) > 0) x`,
        active.values,
      ),
      this.rows<{ channel_id: string; messages: string }>(
        `SELECT c.channel_id, sum(c.messages) AS messages FROM channel_periods c
          WHERE c.guild_id = ${channelsGuild} AND ${coverCondition('c', cover, channels)}
          GROUP BY c.channel_id HAVING sum(c.messages) > 0 ORDER BY 2 DESC, c.channel_id LIMIT ${TOP_CHANNELS}`,
        channels.values,
      ),
      this.rows<{ emoji: string; count: string }>(
        `SELECT e.emoji, sum(e.count) AS count FROM emoji_periods e
          WHERE e.guild_id = ${emojiGuild} AND ${coverCondition('e', cover, emoji)}
          GROUP BY e.emoji HAVING sum(e.count) > 0 ORDER BY 2 DESC, e.emoji LIMIT ${TOP_EMOJI}`,
        emoji.values,
      ),
      this.rows<{ member_count: number }>('SELECT member_count FROM guilds WHERE guild_id = $1', [guildId]),
    ]);
    const s = (column: string) => Number(sums[0]?.[column] ?? 0);
    return {
      guildId,
      messages: s('messages'),
      activeUsers: Number(activeUsers[0]?.n ?? 0),
      voiceSeconds: s('voice_ms') / 1000,
      reactions: s('reactions'),
      joins: s('joins'),
      leaves: s('leaves'),
      netGrowth: s('joins') - s('leaves'),
      memberCount: guild[0]?.member_count ?? 0,
      topChannels: topChannels.map((c): ChannelCount => ({ channelId: c.channel_id, messages: Number(c.messages) })),
      topEmoji: topEmoji.map((e): EmojiCount => ({ emoji: e.emoji, count: Number(e.count) })),
    };
  }

  async leaderboard(
    guildId: string,
    type: LeaderboardType,
    window: StatsWindow,
    limit: number,
    callerId: string | null,
  ): Promise<Leaderboard> {
    const column = BOARD_COLUMN[type];
    const cover = this.cover(window);
    const toRow = (r: { user_id: string; value: string; rank: string }): LeaderboardRow => ({
      rank: Number(r.rank),
      userId: r.user_id,
      value: boardValue(type, r.value),
    });
    if (cover.allTime) {
      const rows = await this.rows<{ user_id: string; value: string; rank: string }>(
        `SELECT user_id, value, rank() OVER (ORDER BY value DESC) AS rank FROM (
           SELECT user_id, ${column} AS value FROM user_totals
            WHERE guild_id = $1 AND ${column} > 0 ORDER BY ${column} DESC, user_id LIMIT $2) top
          ORDER BY value DESC, user_id`,
        [guildId, limit],
      );
      const listed = rows.map(toRow);
      let caller = listed.find((r) => r.userId === callerId) ?? null;
      if (callerId !== null && !caller) {
        const [own] = await this.rows<{ value: string; ahead: string }>(
          `SELECT me.${column} AS value,
                  (SELECT count(*) FROM user_totals o WHERE o.guild_id = $1 AND o.${column} > me.${column}) AS ahead
             FROM user_totals me WHERE me.guild_id = $1 AND me.user_id = $2 AND me.${column} > 0`,
          [guildId, callerId],
        );
        if (own) caller = { rank: Number(own.ahead) + 1, userId: callerId, value: boardValue(type, own.value) };
      }
      return { type, rows: listed, caller };
    }
    const params = new Params();
    const guild = params.add(guildId);
    const source = userRows(guild, cover, params);
    const rows = await this.rows<{ user_id: string; value: string; rank: string; n: string }>(
      `WITH totals AS (
         SELECT u.user_id, sum(u.${column}) AS value FROM ${source} GROUP BY u.user_id HAVING sum(u.${column}) > 0
       ), ranked AS (
         SELECT user_id, value, rank() OVER (ORDER BY value DESC) AS rank,
                row_number() OVER (ORDER BY value DESC, user_id) AS n
           FROM totals
       )
       SELECT user_id, value, rank, n FROM ranked
        WHERE n <= ${params.add(limit)} OR user_id = ${params.add(callerId)}::bigint ORDER BY n`,
      params.values,
    );
    const listed = rows.filter((r) => Number(r.n) <= limit).map(toRow);
    const own = rows.find((r) => r.user_id === callerId);
    return { type, rows: listed, caller: own ? toRow(own) : null };
  }

  async heatmap(guildId: string, window: StatsWindow, timeZone: string): Promise<Heatmap> {
    const bounds = hourBounds(window);
    const rows = await this.zoned(
      timeZone,
      this.rows<{ dow: number; hour: number; n: string }>(
        `SELECT extract(isodow FROM start AT TIME ZONE $2)::int - 1 AS dow,
                extract(hour FROM start AT TIME ZONE $2)::int AS hour, sum(messages) AS n
           FROM guild_periods
          WHERE guild_id = $1 AND period = 'h' AND ($3::timestamptz IS NULL OR start >= $3) AND start < $4
          GROUP BY 1, 2`,
        [guildId, timeZone, bounds.from, bounds.to],
      ),
    );
    const grid: Heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const row of rows) {
      const day = grid[row.dow];
      if (day) day[row.hour] = (day[row.hour] ?? 0) + Number(row.n);
    }
    return grid;
  }

  async timeline(
    guildId: string,
    metric: TimelineMetric,
    window: StatsWindow,
    granularity: TimelineGranularity,
    timeZone: string,
  ): Promise<TimelinePoint[]> {
    const bounds = hourBounds(window);
    const params = new Params();
    const guild = params.add(guildId);
    const from = params.add(bounds.from);
    const to = params.add(bounds.to);
    const value =
      metric === 'messages' ? 'sum(messages)' : metric === 'voice' ? 'sum(voice_ms) / 1000.0' : 'sum(joins - leaves)';
    let bucket = 'start';
    let series = `SELECT generate_series(lo, hi - interval '1 hour', interval '1 hour') AS at FROM bounds`;
    if (granularity === 'day') {
      // Local dates, each point at its local midnight.
      const zone = params.add(timeZone);
      bucket = `(date_trunc('day', start AT TIME ZONE ${zone}) AT TIME ZONE ${zone})`;
      series = `SELECT (d::timestamp AT TIME ZONE ${zone}) AS at FROM bounds,
                       generate_series((lo AT TIME ZONE ${zone})::date,
                                       ((hi - interval '1 microsecond') AT TIME ZONE ${zone})::date,
                                       interval '1 day') AS d`;
    }
    const rows = await this.zoned(
      timeZone,
      this.rows<{ at: string; value: string }>(
        `WITH bounds AS (
           SELECT coalesce(${from}::timestamptz,
                           (SELECT min(start) FROM guild_periods WHERE guild_id = ${guild} AND period = 'h'),
                           ${to}::timestamptz) AS lo,
                  ${to}::timestamptz AS hi
         ), buckets AS (${series}), data AS (
           SELECT ${bucket} AS at, ${value} AS value FROM guild_periods, bounds
            WHERE guild_id = ${guild} AND period = 'h' AND start >= lo AND start < hi GROUP BY 1
         )
         SELECT ts_ms(b.at) AS at, coalesce(d.value, 0) AS value FROM buckets b LEFT JOIN data d ON d.at = b.at
          ORDER BY b.at`,
        params.values,
      ),
    );
    const points = rows.map((r) => ({ at: Number(r.at), value: Number(r.value) }));
    if (metric !== 'members') return points;
    return this.memberCounts(guildId, points, bounds.to);
  }

  /** Net growth per bucket → members at each bucket's end: today's count less the growth since. */
  private async memberCounts(guildId: string, nets: TimelinePoint[], to: Date): Promise<TimelinePoint[]> {
    const [row] = await this.rows<{ member_count: number | null; after: string }>(
      `SELECT (SELECT member_count FROM guilds WHERE guild_id = $1) AS member_count,
              (SELECT coalesce(sum(joins - leaves), 0) FROM guild_periods
                WHERE guild_id = $1 AND period = 'h' AND start >= $2) AS after`,
      [guildId, to],
    );
    let members = (row?.member_count ?? 0) - Number(row?.after ?? 0);
    const counts: TimelinePoint[] = [];
    for (let i = nets.length - 1; i >= 0; i--) {
      const point = nets[i] as TimelinePoint;
      counts.push({ at: point.at, value: members });
      members -= point.value;
    }
    return counts.reverse();
  }

  async inactive(guildId: string, since: Date, limit: number): Promise<InactiveMember[]> {
    const rows = await this.rows<{ user_id: string; at: string | null }>(
      `SELECT user_id, ts_ms(last_active_at) AS at FROM members
        WHERE guild_id = $1 AND present AND (last_active_at IS NULL OR last_active_at < $2)
        ORDER BY last_active_at ASC NULLS FIRST, user_id LIMIT $3`,
      [guildId, since, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, lastActiveAt: r.at === null ? null : Number(r.at) }));
  }

  async retention(guildId: string, window: StatsWindow, days: number): Promise<Retention> {
    const bounds = hourBounds(window);
    const [row] = await this.rows<{ joined: number; left_within: number }>(
      `SELECT count(*)::int AS joined,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM member_leaves l
                 WHERE l.guild_id = j.guild_id AND l.user_id = j.user_id AND NOT l.is_bot
                   AND l.left_at >= j.joined_at AND l.left_at < j.joined_at + $4 * interval '1 day'))::int AS left_within
         FROM member_joins j
        WHERE j.guild_id = $1 AND NOT j.is_bot AND j.joined_at >= $2 AND j.joined_at < $3`,
      [guildId, bounds.from ?? new Date(DISCORD_EPOCH_MS), bounds.to, days],
    );
    return { joined: row?.joined ?? 0, leftWithin: row?.left_within ?? 0, days };
  }

  /** Turns Postgres' refusal of an unknown zone into {@link InvalidTimeZoneError}. */
  private async zoned<T>(timeZone: string, query: Promise<T>): Promise<T> {
    try {
      return await query;
    } catch (error) {
      if (isUnknownTimeZone(error)) throw new InvalidTimeZoneError(timeZone);
      throw error;
    }
  }
}
