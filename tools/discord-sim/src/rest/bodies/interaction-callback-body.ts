import { InteractionResponseType } from 'discord-api-types/v10';
import { z } from 'zod';

/** JSON of `POST /interactions/{id}/{token}/callback` (or its `payload_json`); `data` is checked by the world. */
export const interactionCallbackBody = z.looseObject({
  type: z.enum(InteractionResponseType),
  data: z.looseObject({}).optional(),
});
