import { z } from 'zod';

/** A Discord id: a 64-bit integer sent as a decimal string. */
export const snowflake = z.string().regex(/^\d{1,20}$/, 'a snowflake is a decimal string of up to 20 digits');

/** ISO-8601 timestamp as Discord sends it. */
export const isoTimestamp = z.string().min(1);

export const userSchema = z.looseObject({
  id: snowflake,
  username: z.string(),
  global_name: z.string().nullable().optional(),
  discriminator: z.string().optional(),
  avatar: z.string().nullable().optional(),
  bot: z.boolean().optional(),
});

export const memberSchema = z.looseObject({
  user: userSchema.optional(),
  nick: z.string().nullable().optional(),
  roles: z.array(snowflake),
  joined_at: isoTimestamp.nullable(),
  avatar: z.string().nullable().optional(),
});
