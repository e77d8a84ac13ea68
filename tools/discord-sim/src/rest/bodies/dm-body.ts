import { z } from 'zod';
import { snowflake } from './snowflake.js';

/** JSON of `POST /users/@me/channels`. */
export const dmBody = z.object({ recipient_id: snowflake });
