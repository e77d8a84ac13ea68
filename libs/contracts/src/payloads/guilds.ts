import { z } from 'zod';
import { isoTimestamp, memberSchema, snowflake, userSchema } from './common.js';

export const voiceStateSchema = z.looseObject({
  guild_id: snowflake.optional(),
  channel_id: snowflake.nullable(),
  user_id: snowflake,
  member: memberSchema.optional(),
  session_id: z.string(),
  self_mute: z.boolean(),
  self_deaf: z.boolean(),
  mute: z.boolean(),
  deaf: z.boolean(),
  self_stream: z.boolean().optional(),
  self_video: z.boolean(),
});

export const channelSchema = z.looseObject({
  id: snowflake,
  type: z.number(),
  guild_id: snowflake.optional(),
  name: z.string().nullable().optional(),
  parent_id: snowflake.nullable().optional(),
  position: z.number().optional(),
  topic: z.string().nullable().optional(),
});

export const roleSchema = z.looseObject({
  id: snowflake,
  name: z.string(),
  color: z.number(),
  position: z.number(),
  permissions: z.string(),
});

export const guildMemberAddSchema = memberSchema.extend({ guild_id: snowflake, user: userSchema });

export const guildMemberRemoveSchema = z.looseObject({ guild_id: snowflake, user: userSchema });

export const guildMemberUpdateSchema = z.looseObject({
  guild_id: snowflake,
  user: userSchema,
  nick: z.string().nullable().optional(),
  roles: z.array(snowflake),
  joined_at: isoTimestamp.nullable(),
});

/** GUILD_CREATE: the snapshot a shard receives of each guild, including who sits in voice. */
export const guildCreateSchema = z.looseObject({
  id: snowflake,
  name: z.string(),
  owner_id: snowflake,
  afk_channel_id: snowflake.nullable(),
  joined_at: isoTimestamp,
  member_count: z.number(),
  unavailable: z.boolean().optional(),
  roles: z.array(roleSchema),
  channels: z.array(channelSchema),
  threads: z.array(channelSchema),
  members: z.array(memberSchema),
  voice_states: z.array(voiceStateSchema.omit({ guild_id: true }).extend({ guild_id: snowflake.optional() })),
});

export type VoiceState = z.infer<typeof voiceStateSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type GuildMemberAdd = z.infer<typeof guildMemberAddSchema>;
export type GuildMemberRemove = z.infer<typeof guildMemberRemoveSchema>;
export type GuildMemberUpdate = z.infer<typeof guildMemberUpdateSchema>;
export type GuildCreate = z.infer<typeof guildCreateSchema>;
