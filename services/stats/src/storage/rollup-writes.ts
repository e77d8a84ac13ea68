import type pg from 'pg';
import type { TouchedHours } from '../queries/stats-queries.js';

/**
 * Folds the deltas a write staged (`delta`, `emoji_delta`, `member_delta`: only what new raw rows
 * made, signed for voice corrections and opt-outs) into every rollup, one upsert per table.
 */

/** Columns of `delta` and `activity_hourly`. */
export const ACTIVITY_METRICS = [
  'messages',
  'edits',
  'deletions',
  'attachments',
  'embeds',
  'stickers',
  'mentions',
  'reactions_given',
  'reactions_received',
  'voice_ms',
  'stream_ms',
  'video_ms',
  'mute_ms',
  'deaf_ms',
] as const;

/** Columns of `user_periods` and `user_totals`: those of `delta` but the per-message details. */
export const USER_METRICS = ACTIVITY_METRICS.filter((m) => m !== 'embeds' && m !== 'stickers' && m !== 'mentions');

/** Rows of each period a table keeps: hours, UTC days, UTC months, and `'a'` (all time, starting at the epoch). */
function periodsJoin(periods: readonly string[]): string {
  return `CROSS JOIN (VALUES ${periods.map((p) => `('${p}'::"char")`).join(', ')}) AS p(period)`;
}

/** Per user, hours are activity_hourly's and all time user_totals'. */
const USER_PERIODS = ['d', 'm'];
const ALL_PERIODS = ['h', 'd', 'm', 'a'];

const periodStart = (hour: string) =>
  `CASE p.period WHEN 'h' THEN ${hour} WHEN 'd' THEN date_trunc('day', ${hour}, 'UTC')
     WHEN 'm' THEN date_trunc('month', ${hour}, 'UTC') ELSE timestamptz 'epoch' END`;

function upsert(table: string, keys: readonly string[], metrics: readonly string[], select: string): string {
  return `INSERT INTO ${table} AS t (${[...keys, ...metrics].join(', ')})
    ${select}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${metrics.map((m) => `${m} = t.${m} + excluded.${m}`).join(', ')}`;
}

const sums = (columns: readonly string[]) => columns.map((c) => `sum(${c})`).join(', ');

/** The deltas summed once per (guild, hour, channel, user); every rollup reads these. */
const DELTA_SUM = `INSERT INTO delta_sum (guild_id, hour, channel_id, user_id, ${ACTIVITY_METRICS.join(', ')}, last_at)
  SELECT guild_id, hour, channel_id, user_id, ${sums(ACTIVITY_METRICS)}, max(last_at) FROM delta GROUP BY 1, 2, 3, 4`;

const ACTIVITY_UPSERT = upsert(
  'activity_hourly',
  ['guild_id', 'user_id', 'hour', 'channel_id'],
  ACTIVITY_METRICS,
  `SELECT guild_id, user_id, hour, channel_id, ${ACTIVITY_METRICS.join(', ')} FROM delta_sum`,
);

const USER_PERIODS_UPSERT = upsert(
  'user_periods',
  ['guild_id', 'period', 'start', 'user_id'],
  USER_METRICS,
  `SELECT d.guild_id, p.period, ${periodStart('d.hour')}, d.user_id, ${sums(USER_METRICS)}
     FROM delta_sum d ${periodsJoin(USER_PERIODS)} GROUP BY 1, 2, 3, 4`,
);

const USER_TOTALS_UPSERT = upsert(
  'user_totals',
  ['guild_id', 'user_id'],
  USER_METRICS,
  `SELECT guild_id, user_id, ${sums(USER_METRICS)} FROM delta_sum GROUP BY 1, 2`,
);

const CHANNEL_PERIODS_UPSERT = upsert(
  'channel_periods',
  ['guild_id', 'period', 'start', 'channel_id'],
  ['messages', 'reactions', 'voice_ms'],
  `SELECT d.guild_id, p.period, ${periodStart('d.hour')}, d.channel_id,
          sum(d.messages), sum(d.reactions_given), sum(d.voice_ms)
     FROM delta_sum d ${periodsJoin(ALL_PERIODS)} GROUP BY 1, 2, 3, 4`,
);

const GUILD_METRICS = ['messages', 'edits', 'deletions', 'attachments', 'reactions', 'voice_ms', 'joins', 'leaves'];

const GUILD_PERIODS_UPSERT = upsert(
  'guild_periods',
  ['guild_id', 'period', 'start'],
  GUILD_METRICS,
  `SELECT x.guild_id, p.period, ${periodStart('x.hour')}, ${sums(GUILD_METRICS)}
     FROM (
       SELECT guild_id, hour, messages, edits, deletions, attachments, reactions_given AS reactions, voice_ms,
              0 AS joins, 0 AS leaves
         FROM delta_sum
       UNION ALL
       SELECT guild_id, hour, 0, 0, 0, 0, 0, 0, joins, leaves FROM member_delta
     ) x ${periodsJoin(ALL_PERIODS)} GROUP BY 1, 2, 3`,
);

const EMOJI_PERIODS_UPSERT = upsert(
  'emoji_periods',
  ['guild_id', 'period', 'start', 'emoji'],
  ['count'],
  `SELECT e.guild_id, p.period, ${periodStart('e.hour')}, e.emoji, sum(e.n)
     FROM emoji_delta e ${periodsJoin(ALL_PERIODS)} GROUP BY 1, 2, 3, 4`,
);

// A user known only from activity is a member of unknown standing: any join, leave or snapshot overrides it.
// The last activity moves forward by an hour or more only: /inactive thinks in days, and skipping the
// update for every batch of an active member's messages spares a row version (and index entry) each time.
const LAST_ACTIVE_UPSERT = `
  INSERT INTO members AS m (guild_id, user_id, present, present_at, last_active_at)
  SELECT guild_id, user_id, true, '-infinity', max(last_at) FROM delta_sum WHERE last_at IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (guild_id, user_id) DO UPDATE SET last_active_at = excluded.last_active_at
    WHERE m.last_active_at IS NULL OR excluded.last_active_at >= m.last_active_at + interval '1 hour'`;

/**
 * Applies the staged deltas. `perUser: false` updates only the guild, channel and emoji rollups:
 * an opt-out takes the user's part out of those and deletes the per-user rows outright.
 */
export async function applyDeltas(client: pg.ClientBase, { perUser }: { perUser: boolean }): Promise<void> {
  const statements = [DELTA_SUM];
  if (perUser) statements.push(ACTIVITY_UPSERT, USER_PERIODS_UPSERT, USER_TOTALS_UPSERT, LAST_ACTIVE_UPSERT);
  statements.push(CHANNEL_PERIODS_UPSERT, GUILD_PERIODS_UPSERT, EMOJI_PERIODS_UPSERT);
  for (const sql of statements) await client.query(sql);
}

/** The hours and users each guild's deltas touched, for precise cache invalidation. */
export async function touchedHours(client: pg.ClientBase): Promise<TouchedHours[]> {
  const result = await client.query<{ guild_id: string; hours: string[]; user_ids: string[] }>(
    `SELECT guild_id, array_agg(DISTINCT ts_ms(hour)) AS hours, array_agg(DISTINCT user_id) AS user_ids
       FROM (SELECT guild_id, hour, user_id FROM delta_sum UNION ALL SELECT guild_id, hour, user_id FROM member_delta) x
      GROUP BY guild_id`,
  );
  return result.rows.map((row) => ({ guildId: row.guild_id, hours: row.hours.map(Number), userIds: row.user_ids }));
}
