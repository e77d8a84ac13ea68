import { copyRows } from '@platform/db';
import type pg from 'pg';
import type { CountingRules } from '../ingest/counting-rules.js';
import type { BotRow, GuildRow, JoinRow, LeaveRow, MemberRow } from '../ingest/event-rows.js';

/** Per-user rollups a bot may have gathered before it was known as one (reactions to its messages). */
const BOT_PURGE = ['activity_hourly', 'user_periods', 'user_totals', 'members'];

/**
 * Records accounts seen with the bot flag. One newly known has its per-user rows removed: reactions
 * to its messages may have counted as received before anything said it was a bot.
 */
export async function writeBots(client: pg.ClientBase, rows: readonly BotRow[]): Promise<void> {
  if (rows.length === 0) return;
  const result = await client.query<{ user_id: string }>(
    'INSERT INTO bots (user_id) SELECT DISTINCT unnest($1::bigint[]) ON CONFLICT DO NOTHING RETURNING user_id',
    [rows.map((r) => r.userId)],
  );
  const fresh = result.rows.map((r) => r.user_id);
  if (fresh.length === 0) return;
  for (const table of BOT_PURGE)
    await client.query(
      `DELETE FROM ${table} WHERE guild_id IN (SELECT guild_id FROM guilds) AND user_id = ANY($1::bigint[])`,
      [fresh],
    );
}

/** A guild whose AFK channel became known or changed, from `since` (null: for everything stored). */
export interface AfkChange {
  guildId: string;
  afkChannelId: string | null;
  previous: string | null;
  since: number | null;
}

/**
 * Applies what GUILD_CREATE and GUILD_UPDATE say (AFK channel, member count), each fact only when it
 * is newer than the one stored, so a late event never overwrites a newer one. Returns the guilds
 * whose AFK channel changed, for the voice states stored meanwhile to be recounted.
 */
export async function writeGuildFacts(client: pg.ClientBase, rows: readonly GuildRow[]): Promise<AfkChange[]> {
  if (rows.length === 0) return [];
  // One row per guild: the newest AFK channel, the newest member count.
  const byGuild = new Map<string, { afk: GuildRow; count: GuildRow | null }>();
  for (const row of rows) {
    const seen = byGuild.get(row.guildId);
    const count = row.memberCount === null ? null : row;
    if (!seen) byGuild.set(row.guildId, { afk: row, count });
    else {
      if (row.at >= seen.afk.at) seen.afk = row;
      if (count && (!seen.count || count.at >= seen.count.at)) seen.count = count;
    }
  }
  const facts = [...byGuild.values()];
  const result = await client.query<{
    guild_id: string;
    afk: string | null;
    previous: string | null;
    since: string | null;
  }>(
    `WITH f AS (
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::bigint[])
         AS f(guild_id, afk, afk_ms, member_count, count_ms)
     ), old AS (
       SELECT g.guild_id, g.afk_channel_id, g.afk_at FROM guilds g JOIN f USING (guild_id)
     ), up AS (
       INSERT INTO guilds AS g (guild_id, afk_channel_id, afk_at, member_count, member_count_at)
       SELECT guild_id, afk, ms_ts(afk_ms), coalesce(member_count, 0),
              CASE WHEN count_ms IS NULL THEN '-infinity' ELSE ms_ts(count_ms) END
         FROM f
       ON CONFLICT (guild_id) DO UPDATE SET
         afk_channel_id = CASE WHEN excluded.afk_at >= g.afk_at THEN excluded.afk_channel_id ELSE g.afk_channel_id END,
         afk_at = greatest(g.afk_at, excluded.afk_at),
         member_count = CASE WHEN excluded.member_count_at > g.member_count_at
                             THEN excluded.member_count ELSE g.member_count END,
         member_count_at = greatest(g.member_count_at, excluded.member_count_at)
       RETURNING guild_id, afk_channel_id, afk_at
     )
     SELECT up.guild_id, up.afk_channel_id AS afk, old.afk_channel_id AS previous,
            CASE WHEN old.afk_at IS NULL OR old.afk_at = '-infinity' THEN NULL ELSE ts_ms(up.afk_at) END AS since
       FROM up LEFT JOIN old USING (guild_id)
      WHERE up.afk_channel_id IS DISTINCT FROM old.afk_channel_id`,
    [
      facts.map((f) => f.afk.guildId),
      facts.map((f) => f.afk.afkChannelId),
      facts.map((f) => f.afk.at),
      facts.map((f) => f.count?.memberCount ?? null),
      facts.map((f) => f.count?.at ?? null),
    ],
  );
  return result.rows.map((r) => ({
    guildId: r.guild_id,
    afkChannelId: r.afk,
    previous: r.previous,
    since: r.since === null ? null : Number(r.since),
  }));
}

/** Reads the counting rules of the guilds of a batch; guilds never configured get the defaults. */
export async function readCountingRules(
  client: pg.ClientBase,
  guildIds: readonly string[],
): Promise<Map<string, CountingRules>> {
  const result = await client.query<{
    guild_id: string;
    excluded: string[] | null;
    store_content: boolean | null;
    afk: string | null;
    opted_out: string[] | null;
  }>(
    `SELECT g.id AS guild_id, s.excluded_channel_ids AS excluded, s.store_content, gd.afk_channel_id AS afk,
            (SELECT array_agg(o.user_id) FROM opt_outs o WHERE o.guild_id = g.id) AS opted_out
       FROM unnest($1::bigint[]) AS g(id)
       LEFT JOIN guild_settings s ON s.guild_id = g.id
       LEFT JOIN guilds gd ON gd.guild_id = g.id`,
    [guildIds],
  );
  return new Map(
    result.rows.map((row) => [
      row.guild_id,
      {
        excludedChannelIds: new Set(row.excluded ?? []),
        optedOutUserIds: new Set(row.opted_out ?? []),
        storeContent: row.store_content ?? false,
        afkChannelId: row.afk,
      },
    ]),
  );
}

/**
 * Membership facts: present from a snapshot or a join, absent from a leave; the newest fact of each
 * member wins, whatever order they arrive in.
 */
export async function writePresence(
  client: pg.ClientBase,
  rows: readonly (MemberRow | JoinRow | LeaveRow)[],
): Promise<void> {
  const people = rows.filter((r) => r.kind === 'member' || !r.bot);
  if (people.length === 0) return;
  await copyRows(client, {
    table: 'stage_members',
    columns: ['guild_id', 'user_id', 'at_ms', 'present'],
    rows: people.map((r) => [r.guildId, r.userId, r.at, r.kind !== 'leave']),
  });
  await client.query(
    `INSERT INTO members AS m (guild_id, user_id, present, present_at)
     SELECT DISTINCT ON (guild_id, user_id) guild_id, user_id, present, ms_ts(at_ms)
       FROM stage_members ORDER BY guild_id, user_id, at_ms DESC, present
     ON CONFLICT (guild_id, user_id) DO UPDATE SET present = excluded.present, present_at = excluded.present_at
       WHERE m.present_at < excluded.present_at`,
  );
}

export interface InsertCounts {
  staged: number;
  inserted: number;
}

/**
 * Joins and leaves, each once (a join by its joined_at, a leave by its receipt time): growth deltas
 * for people, and the member count moved by those newer than the last GUILD_CREATE's count.
 */
export async function writeJoinsAndLeaves(
  client: pg.ClientBase,
  rows: readonly (JoinRow | LeaveRow)[],
): Promise<InsertCounts> {
  if (rows.length === 0) return { staged: 0, inserted: 0 };
  await copyRows(client, {
    table: 'stage_member_events',
    columns: ['guild_id', 'user_id', 'at_ms', 'is_bot', 'is_join'],
    rows: rows.map((r) => [r.guildId, r.userId, r.at, r.bot, r.kind === 'join']),
  });
  const result = await client.query<{ n: number }>(
    `WITH j AS (
       INSERT INTO member_joins (guild_id, joined_at, user_id, is_bot)
       SELECT guild_id, ms_ts(at_ms), user_id, is_bot FROM stage_member_events WHERE is_join
       ON CONFLICT DO NOTHING
       RETURNING guild_id, joined_at AS at, user_id, is_bot, 1 AS n
     ), l AS (
       INSERT INTO member_leaves (guild_id, user_id, left_at, is_bot)
       SELECT guild_id, user_id, ms_ts(at_ms), is_bot FROM stage_member_events WHERE NOT is_join
       ON CONFLICT DO NOTHING
       RETURNING guild_id, left_at AS at, user_id, is_bot, -1 AS n
     ), ev AS (
       SELECT * FROM j UNION ALL SELECT * FROM l
     ), growth AS (
       INSERT INTO member_delta (guild_id, hour, user_id, joins, leaves)
       SELECT guild_id, date_trunc('hour', at, 'UTC'), user_id, (n > 0)::int, (n < 0)::int FROM ev WHERE NOT is_bot
     ), member_count_change AS (
       UPDATE guilds g SET member_count = greatest(0, g.member_count + x.n)
         FROM (SELECT ev.guild_id, sum(ev.n) AS n FROM ev JOIN guilds g2 ON g2.guild_id = ev.guild_id
                WHERE ev.at > g2.member_count_at AND g2.member_count_at > '-infinity' GROUP BY ev.guild_id) x
        WHERE g.guild_id = x.guild_id
     )
     SELECT count(*)::int AS n FROM ev`,
  );
  return { staged: rows.length, inserted: result.rows[0]?.n ?? 0 };
}
