import { z } from 'zod';
import { memberSchema, snowflake, userSchema } from './common.js';

/** INTERACTION_CREATE: what routing and reply helpers read; the rest stays in `d` for the owner. */
export const interactionSchema = z.looseObject({
  id: snowflake,
  application_id: snowflake,
  type: z.number(),
  token: z.string(),
  version: z.number(),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  member: memberSchema.extend({ user: userSchema }).optional(),
  user: userSchema.optional(),
  data: z
    .looseObject({
      name: z.string().optional(),
      custom_id: z.string().optional(),
    })
    .optional(),
});

export type Interaction = z.infer<typeof interactionSchema>;
