import type pg from 'pg';
import type { GuildSettings, GuildSettingsStore } from '../queries/stats-queries.js';
import { lockGuilds } from '../storage/guild-lock.js';
import { ACTIVITY_METRICS, applyDeltas } from '../storage/rollup-writes.js';
import { withStaging } from '../storage/staging.js';
import { InvalidSettingError, InvalidTimeZoneError } from './invalid-setting-error.js';

const DEFAULTS = { timeZone: 'UTC', excludedChannelIds: [] as string[], storeContent: false };
const SNOWFLAKE = /^\d{1,19}$/;

/** Every table holding rows about one member of a guild, and the column naming them. */
const USER_ROWS: [table: string, column: string][] = [
  ['activity_hourly', 'user_id'],
  ['user_periods', 'user_id'],
  ['user_totals', 'user_id'],
  ['members', 'user_id'],
  ['voice_current', 'user_id'],
  ['voice_states', 'user_id'],
  ['messages', 'author_id'],
  ['message_edits', 'author_id'],
  ['reactions', 'user_id'],
  ['member_joins', 'user_id'],
  ['member_leaves', 'user_id'],
];

/** Guild settings and opt-outs in Postgres. */
export class PgGuildSettingsStore implements GuildSettingsStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(guildId: string): Promise<GuildSettings> {
    const result = await this.pool.query<{ time_zone: string; excluded: string[]; store_content: boolean }>(
      `SELECT time_zone, excluded_channel_ids AS excluded, store_content FROM guild_settings WHERE guild_id = $1`,
      [guildId],
    );
    const row = result.rows[0];
    return row
      ? { guildId, timeZone: row.time_zone, excludedChannelIds: row.excluded, storeContent: row.store_content }
      : { guildId, ...DEFAULTS };
  }

  /**
   * Changes the given settings. Throws {@link InvalidSettingError} (nothing changed) for an unknown
   * time zone or a channel id that is no snowflake. Excluding a channel stops counting it from now on;
   * what it already counted stays.
   */
  async update(guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>): Promise<GuildSettings> {
    if (change.timeZone !== undefined) {
      const known = await this.pool.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [change.timeZone]);
      if (known.rowCount === 0) throw new InvalidTimeZoneError(change.timeZone);
    }
    const bad = change.excludedChannelIds?.find((id) => !SNOWFLAKE.test(id));
    if (bad !== undefined) throw new InvalidSettingError('excludedChannelIds', `"${bad}" is not a channel id`);
    const current = await this.get(guildId);
    const next: GuildSettings = {
      guildId,
      timeZone: change.timeZone ?? current.timeZone,
      excludedChannelIds: change.excludedChannelIds
        ? [...new Set(change.excludedChannelIds)]
        : current.excludedChannelIds,
      storeContent: change.storeContent ?? current.storeContent,
    };
    await this.pool.query(
      `INSERT INTO guild_settings (guild_id, time_zone, excluded_channel_ids, store_content, updated_at)
       VALUES ($1, $2, $3::bigint[], $4, now())
       ON CONFLICT (guild_id) DO UPDATE SET time_zone = excluded.time_zone,
         excluded_channel_ids = excluded.excluded_channel_ids, store_content = excluded.store_content,
         updated_at = now()`,
      [guildId, next.timeZone, next.excludedChannelIds, next.storeContent],
    );
    return next;
  }

  /**
   * Under the guild's write lock (so no batch that read the settings before commits the user's rows
   * after): records the opt-out, takes the user's part out of the guild, channel and emoji rollups,
   * and deletes every row about them, raw and rolled up. Emoji counts older than the raw retention
   * keep their share, which no longer names anyone.
   */
  async optOut(guildId: string, userId: string): Promise<void> {
    await withStaging(this.pool, async (client) => {
      await lockGuilds(client, [guildId]);
      await client.query('INSERT INTO opt_outs (guild_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        guildId,
        userId,
      ]);
      await client.query(
        `INSERT INTO delta (guild_id, hour, channel_id, user_id, ${ACTIVITY_METRICS.join(', ')})
           SELECT guild_id, hour, channel_id, user_id, ${ACTIVITY_METRICS.map((m) => `-${m}`).join(', ')}
             FROM activity_hourly WHERE guild_id = $1 AND user_id = $2`,
        [guildId, userId],
      );
      await client.query(
        `INSERT INTO emoji_delta (guild_id, hour, emoji, n)
           SELECT guild_id, date_trunc('hour', at, 'UTC'), emoji, -count(*) FROM reactions
            WHERE guild_id = $1 AND user_id = $2 GROUP BY 1, 2, 3`,
        [guildId, userId],
      );
      await client.query(
        `INSERT INTO member_delta (guild_id, hour, user_id, joins, leaves)
           SELECT guild_id, date_trunc('hour', joined_at, 'UTC'), user_id, -1, 0 FROM member_joins
            WHERE guild_id = $1 AND user_id = $2 AND NOT is_bot
           UNION ALL
           SELECT guild_id, date_trunc('hour', left_at, 'UTC'), user_id, 0, -1 FROM member_leaves
            WHERE guild_id = $1 AND user_id = $2 AND NOT is_bot`,
        [guildId, userId],
      );
      await applyDeltas(client, { perUser: false });
      for (const [table, column] of USER_ROWS)
        await client.query(`DELETE FROM ${table} WHERE guild_id = $1 AND ${column} = $2`, [guildId, userId]);
    });
  }

  async optIn(guildId: string, userId: string): Promise<void> {
    await this.pool.query('DELETE FROM opt_outs WHERE guild_id = $1 AND user_id = $2', [guildId, userId]);
  }

  async isOptedOut(guildId: string, userId: string): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM opt_outs WHERE guild_id = $1 AND user_id = $2', [
      guildId,
      userId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }
}
