import { type TransactionOptions, withTransaction } from '@platform/db';
import type pg from 'pg';

/**
 * Temporary tables of a connection that one write transaction fills and commit empties: staged
 * events (COPY lands here, and only rows new to the raw tables go on) and the rollup deltas that the
 * inserts actually made. Times are epoch ms in staged events and timestamptz in deltas.
 */
const STAGING_DDL = `
CREATE TEMP TABLE IF NOT EXISTS stage_messages (
  message_id bigint, created_ms bigint, guild_id bigint, channel_id bigint, author_id bigint,
  attachments smallint, embeds smallint, stickers smallint, mentions smallint, content text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_edits (
  message_id bigint, edited_ms bigint, guild_id bigint, channel_id bigint, author_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_deletes (
  message_id bigint, created_ms bigint, guild_id bigint, channel_id bigint, deleted_ms bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_reactions (
  message_id bigint, user_id bigint, emoji text, at_ms bigint, guild_id bigint, channel_id bigint, author_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_voice (
  guild_id bigint, user_id bigint, at_ms bigint, ord bigint, channel_id bigint,
  counted boolean, muted boolean, deafened boolean, streaming boolean, video boolean
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_members (
  guild_id bigint, user_id bigint, at_ms bigint, present boolean
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_member_events (
  guild_id bigint, user_id bigint, at_ms bigint, is_bot boolean, is_join boolean
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS delta (
  guild_id bigint NOT NULL, hour timestamptz NOT NULL, channel_id bigint NOT NULL, user_id bigint NOT NULL,
  messages integer NOT NULL DEFAULT 0, edits integer NOT NULL DEFAULT 0, deletions integer NOT NULL DEFAULT 0,
  attachments integer NOT NULL DEFAULT 0, embeds integer NOT NULL DEFAULT 0, stickers integer NOT NULL DEFAULT 0,
  mentions integer NOT NULL DEFAULT 0, reactions_given integer NOT NULL DEFAULT 0,
  reactions_received integer NOT NULL DEFAULT 0, voice_ms bigint NOT NULL DEFAULT 0,
  stream_ms bigint NOT NULL DEFAULT 0, video_ms bigint NOT NULL DEFAULT 0, mute_ms bigint NOT NULL DEFAULT 0,
  deaf_ms bigint NOT NULL DEFAULT 0, last_at timestamptz
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS delta_sum (LIKE delta) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS emoji_delta (
  guild_id bigint NOT NULL, hour timestamptz NOT NULL, emoji text NOT NULL, n integer NOT NULL
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS member_delta (
  guild_id bigint NOT NULL, hour timestamptz NOT NULL, user_id bigint NOT NULL,
  joins integer NOT NULL DEFAULT 0, leaves integer NOT NULL DEFAULT 0
) ON COMMIT DELETE ROWS;
`;

const prepared = new WeakSet<pg.ClientBase>();

/**
 * Runs `work` in a transaction on a connection with the staging tables. When the transaction fails
 * the tables may have been created in it and rolled back with it, so the next one creates them again.
 */
export async function withStaging<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withTransaction(
    pool,
    async (client) => {
      try {
        if (!prepared.has(client)) {
          await client.query(STAGING_DDL);
          prepared.add(client);
        }
        return await work(client);
      } catch (error) {
        prepared.delete(client);
        throw error;
      }
    },
    options,
  );
}
