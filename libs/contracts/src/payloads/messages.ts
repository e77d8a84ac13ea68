import { z } from 'zod';
import { isoTimestamp, memberSchema, snowflake, userSchema } from './common.js';

export const attachmentSchema = z.looseObject({
  id: snowflake,
  filename: z.string(),
  size: z.number(),
  url: z.string(),
  content_type: z.string().optional(),
});

export const reactionCountSchema = z.looseObject({
  count: z.number(),
  emoji: z.looseObject({ id: snowflake.nullable(), name: z.string().nullable() }),
});

/** MESSAGE_CREATE: the fields stats, export and insights read. */
export const messageCreateSchema = z.looseObject({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  author: userSchema,
  member: memberSchema.partial().optional(),
  content: z.string(),
  timestamp: isoTimestamp,
  edited_timestamp: isoTimestamp.nullable(),
  type: z.number(),
  pinned: z.boolean(),
  mentions: z.array(userSchema),
  mention_roles: z.array(snowflake),
  attachments: z.array(attachmentSchema),
  embeds: z.array(z.looseObject({})),
  sticker_items: z.array(z.looseObject({ id: snowflake, name: z.string() })).optional(),
  reactions: z.array(reactionCountSchema).optional(),
  message_reference: z.looseObject({ message_id: snowflake.optional(), channel_id: snowflake.optional() }).optional(),
  webhook_id: snowflake.optional(),
});

/** MESSAGE_UPDATE: Discord sends the full message since API v10's gateway, but keep reading defensively. */
export const messageUpdateSchema = messageCreateSchema.partial().extend({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const messageDeleteSchema = z.looseObject({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const messageDeleteBulkSchema = z.looseObject({
  ids: z.array(snowflake),
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const reactionEventSchema = z.looseObject({
  user_id: snowflake,
  channel_id: snowflake,
  message_id: snowflake,
  guild_id: snowflake.optional(),
  message_author_id: snowflake.optional(),
  emoji: z.looseObject({ id: snowflake.nullable(), name: z.string().nullable() }),
  member: memberSchema.optional(),
});

export type MessageCreate = z.infer<typeof messageCreateSchema>;
export type MessageUpdate = z.infer<typeof messageUpdateSchema>;
export type MessageDelete = z.infer<typeof messageDeleteSchema>;
export type MessageDeleteBulk = z.infer<typeof messageDeleteBulkSchema>;
export type ReactionEvent = z.infer<typeof reactionEventSchema>;
