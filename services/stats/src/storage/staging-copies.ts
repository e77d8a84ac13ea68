import type { CopyRowsOptions } from '@platform/db';
import type { DeleteRow, EditRow, MessageRow, ReactionRow } from '../ingest/event-rows.js';
import type { VoicePoint } from '../ingest/voice-sessions.js';

/**
 * The COPY of each kind of row into its staging table: the writer's first step, and the stats benchmark's
 * COPY ceiling, which must copy exactly what the writer copies.
 */

export const messageStaging = (rows: readonly MessageRow[]): CopyRowsOptions => ({
  table: 'stage_messages',
  columns: [
    'message_id',
    'created_ms',
    'guild_id',
    'channel_id',
    'author_id',
    'attachments',
    'embeds',
    'stickers',
    'mentions',
    'content',
  ],
  rows: rows.map((r) => [
    r.messageId,
    r.at,
    r.guildId,
    r.channelId,
    r.authorId,
    r.attachments,
    r.embeds,
    r.stickers,
    r.mentions,
    r.content,
  ]),
});

export const editStaging = (rows: readonly EditRow[]): CopyRowsOptions => ({
  table: 'stage_edits',
  columns: ['message_id', 'edited_ms', 'guild_id', 'channel_id', 'author_id'],
  rows: rows.map((r) => [r.messageId, r.at, r.guildId, r.channelId, r.authorId]),
});

export const deleteStaging = (rows: readonly DeleteRow[]): CopyRowsOptions => ({
  table: 'stage_deletes',
  columns: ['message_id', 'created_ms', 'guild_id', 'channel_id', 'deleted_ms'],
  rows: rows.map((r) => [r.messageId, r.createdAt, r.guildId, r.channelId, r.at]),
});

export const reactionStaging = (rows: readonly ReactionRow[]): CopyRowsOptions => ({
  table: 'stage_reactions',
  columns: ['message_id', 'user_id', 'emoji', 'at_ms', 'guild_id', 'channel_id', 'author_id'],
  rows: rows.map((r) => [r.messageId, r.userId, r.emoji, r.at, r.guildId, r.channelId, r.authorId]),
});

/** A voice state as the writer stages it: with whether it counts as voice time. */
export interface StagedVoicePoint extends VoicePoint {
  guildId: string;
  userId: string;
}

export const voiceStaging = (points: readonly StagedVoicePoint[]): CopyRowsOptions => ({
  table: 'stage_voice',
  columns: ['guild_id', 'user_id', 'at_ms', 'ord', 'channel_id', 'counted', 'muted', 'deafened', 'streaming', 'video'],
  rows: points.map((p) => [
    p.guildId,
    p.userId,
    p.at,
    p.ord,
    p.channelId,
    p.counted,
    p.muted,
    p.deafened,
    p.streaming,
    p.video,
  ]),
});
