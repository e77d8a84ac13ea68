import { z } from 'zod';
import { snowflake } from './snowflake.js';

const attachmentRef = z.looseObject({
  id: snowflake,
  filename: z.string().max(1024).optional(),
  description: z.string().max(1024).optional(),
});

const messageReference = z.looseObject({
  message_id: snowflake,
  channel_id: snowflake.optional(),
  guild_id: snowflake.optional(),
  fail_if_not_exists: z.boolean().optional(),
  type: z.number().int().optional(),
});

/** JSON of `POST /channels/{id}/messages` (or its `payload_json`), the fields the simulator acts on. */
export const messageCreateBody = z.looseObject({
  content: z.string().max(2000).optional(),
  embeds: z.array(z.looseObject({})).max(10).optional(),
  components: z.array(z.looseObject({})).max(40).optional(),
  sticker_ids: z.array(snowflake).max(3).optional(),
  message_reference: messageReference.optional(),
  flags: z.number().int().nonnegative().optional(),
  tts: z.boolean().optional(),
  nonce: z.union([z.string().max(25), z.number().int()]).optional(),
  enforce_nonce: z.boolean().optional(),
  allowed_mentions: z.looseObject({}).optional(),
  attachments: z.array(attachmentRef).max(10).optional(),
  poll: z.looseObject({}).optional(),
});
export type MessageCreateBody = z.output<typeof messageCreateBody>;

/** JSON of a message edit; `null` clears a field, as Discord allows. */
export const messageEditBody = z.looseObject({
  content: z.string().max(2000).nullable().optional(),
  embeds: z.array(z.looseObject({})).max(10).nullable().optional(),
  components: z.array(z.looseObject({})).max(40).nullable().optional(),
  flags: z.number().int().nonnegative().nullable().optional(),
  allowed_mentions: z.looseObject({}).nullable().optional(),
  attachments: z.array(attachmentRef).max(10).nullable().optional(),
});
export type MessageEditBody = z.output<typeof messageEditBody>;

/** JSON of `POST /channels/{id}/messages/bulk-delete`. */
export const bulkDeleteBody = z.object({ messages: z.array(snowflake).min(2).max(100) });
