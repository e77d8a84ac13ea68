import { type CopyRowsOptions, copyRows } from '@platform/db';
import type pg from 'pg';
import type { DeleteRow, EditRow, MessageRow, ReactionRow } from '../ingest/event-rows.js';
import type { InsertCounts } from './member-writes.js';
import { deleteStaging, editStaging, messageStaging, reactionStaging } from './staging-copies.js';

/**
 * Messages, edits, deletions and reactions: COPY into staging, insert what is new to the raw tables,
 * and stage rollup deltas from exactly the rows inserted, in one statement each.
 */

/** Keeps the first row of each key: a batch may hold the same event twice. */
function unique<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(key(row))) seen.set(key(row), row);
  return [...seen.values()];
}

/** COPYs rows into their staging table, then runs the insert that returns `n`, the rows new to the raw table. */
async function stageAndInsert(client: pg.ClientBase, staging: CopyRowsOptions, sql: string): Promise<number> {
  await copyRows(client, staging);
  const result = await client.query<{ n: number }>(sql);
  return result.rows[0]?.n ?? 0;
}

/**
 * New messages count in their own hour (the snowflake's). A stub left by a deletion that came first
 * is completed, and then the deletion counts too, in the deletion's hour.
 */
export async function writeMessages(client: pg.ClientBase, rows: readonly MessageRow[]): Promise<InsertCounts> {
  if (rows.length === 0) return { staged: 0, inserted: 0 };
  const staged = unique(rows, (r) => r.messageId);
  const inserted = await stageAndInsert(
    client,
    messageStaging(staged),
    `WITH ins AS (
       INSERT INTO messages AS m (created_at, message_id, guild_id, channel_id, author_id,
                                  attachments, embeds, stickers, mentions, content)
       SELECT ms_ts(created_ms), message_id, guild_id, channel_id, author_id,
              attachments, embeds, stickers, mentions, content
         FROM stage_messages
       ON CONFLICT (message_id, created_at) DO UPDATE SET
         author_id = excluded.author_id, attachments = excluded.attachments, embeds = excluded.embeds,
         stickers = excluded.stickers, mentions = excluded.mentions, content = excluded.content
         WHERE m.author_id IS NULL
       RETURNING m.guild_id, m.channel_id, m.author_id, m.created_at, m.deleted_at,
                 m.attachments, m.embeds, m.stickers, m.mentions
     ), counted AS (
       INSERT INTO delta (guild_id, hour, channel_id, user_id, messages, attachments, embeds, stickers, mentions,
                          deletions, last_at)
       SELECT guild_id, date_trunc('hour', created_at, 'UTC'), channel_id, author_id, 1, attachments, embeds,
              stickers, mentions, 0, created_at
         FROM ins
       UNION ALL
       SELECT guild_id, date_trunc('hour', deleted_at, 'UTC'), channel_id, author_id, 0, 0, 0, 0, 0, 1, NULL
         FROM ins WHERE deleted_at IS NOT NULL
     )
     SELECT count(*)::int AS n FROM ins`,
  );
  return { staged: rows.length, inserted };
}

/** Each version of a message (its edited_timestamp) counts once, in the hour of the edit. */
export async function writeEdits(client: pg.ClientBase, rows: readonly EditRow[]): Promise<InsertCounts> {
  if (rows.length === 0) return { staged: 0, inserted: 0 };
  const inserted = await stageAndInsert(
    client,
    editStaging(rows),
    `WITH ins AS (
       INSERT INTO message_edits (edited_at, message_id, guild_id, channel_id, author_id)
       SELECT ms_ts(edited_ms), message_id, guild_id, channel_id, author_id FROM stage_edits
       ON CONFLICT DO NOTHING
       RETURNING guild_id, channel_id, author_id, edited_at
     ), counted AS (
       INSERT INTO delta (guild_id, hour, channel_id, user_id, edits, last_at)
       SELECT guild_id, date_trunc('hour', edited_at, 'UTC'), channel_id, author_id, 1, edited_at FROM ins
     )
     SELECT count(*)::int AS n FROM ins`,
  );
  return { staged: rows.length, inserted };
}

/**
 * A deletion marks its message's row (or leaves a stub when the message has not arrived yet, and
 * counts when it does). It counts once, for the message's author, in the hour it was received.
 */
export async function writeDeletes(client: pg.ClientBase, rows: readonly DeleteRow[]): Promise<InsertCounts> {
  if (rows.length === 0) return { staged: 0, inserted: 0 };
  const staged = unique(rows, (r) => r.messageId);
  const inserted = await stageAndInsert(
    client,
    deleteStaging(staged),
    `WITH ins AS (
       INSERT INTO messages AS m (created_at, message_id, guild_id, channel_id, deleted_at)
       SELECT ms_ts(created_ms), message_id, guild_id, channel_id, ms_ts(deleted_ms) FROM stage_deletes
       ON CONFLICT (message_id, created_at) DO UPDATE SET deleted_at = excluded.deleted_at
         WHERE m.deleted_at IS NULL
       RETURNING m.guild_id, m.channel_id, m.author_id, m.deleted_at
     ), counted AS (
       INSERT INTO delta (guild_id, hour, channel_id, user_id, deletions)
       SELECT guild_id, date_trunc('hour', deleted_at, 'UTC'), channel_id, author_id, 1
         FROM ins WHERE author_id IS NOT NULL
     )
     SELECT count(*)::int AS n FROM ins`,
  );
  return { staged: rows.length, inserted };
}

/**
 * Each reaction added counts once: given by the reactor, received by the message's author unless the
 * author is a bot, and for its emoji.
 */
export async function writeReactions(client: pg.ClientBase, rows: readonly ReactionRow[]): Promise<InsertCounts> {
  if (rows.length === 0) return { staged: 0, inserted: 0 };
  const staged = unique(rows, (r) => `${r.messageId}:${r.userId}:${r.emoji}:${r.at}`);
  const inserted = await stageAndInsert(
    client,
    reactionStaging(staged),
    `WITH ins AS (
       INSERT INTO reactions (at, message_id, user_id, emoji, guild_id, channel_id)
       SELECT ms_ts(at_ms), message_id, user_id, emoji, guild_id, channel_id FROM stage_reactions
       ON CONFLICT DO NOTHING
       RETURNING at, message_id, user_id, emoji, guild_id, channel_id
     ), new AS (
       SELECT ins.*, s.author_id FROM ins
         JOIN stage_reactions s ON s.message_id = ins.message_id AND s.user_id = ins.user_id
                               AND s.emoji = ins.emoji AND ms_ts(s.at_ms) = ins.at
     ), given AS (
       INSERT INTO delta (guild_id, hour, channel_id, user_id, reactions_given, last_at)
       SELECT guild_id, date_trunc('hour', at, 'UTC'), channel_id, user_id, 1, at FROM new
     ), received AS (
       INSERT INTO delta (guild_id, hour, channel_id, user_id, reactions_received)
       SELECT guild_id, date_trunc('hour', at, 'UTC'), channel_id, author_id, 1 FROM new
        WHERE author_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bots b WHERE b.user_id = new.author_id)
     ), emoji AS (
       INSERT INTO emoji_delta (guild_id, hour, emoji, n)
       SELECT guild_id, date_trunc('hour', at, 'UTC'), emoji, 1 FROM new
     )
     SELECT count(*)::int AS n FROM ins`,
  );
  return { staged: rows.length, inserted };
}
