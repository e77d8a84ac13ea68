import type { createDiscordRest, InteractionRef } from '@platform/discord';
import { type RESTPatchAPIWebhookWithTokenMessageJSONBody, Routes } from 'discord-api-types/v10';
import type { AnswerFile } from './command-handler.js';

export type DiscordRest = ReturnType<typeof createDiscordRest>;

/**
 * Replaces a deferred reply with a message that carries files (a chart's PNG), as multipart with
 * `payload_json`. libs/discord's `editReply` sends JSON only; this is the same route with uploads, and like
 * it authenticates by the interaction token in the path, never the bot token.
 */
export function editReplyWithFiles(
  rest: DiscordRest,
  interaction: InteractionRef,
  data: RESTPatchAPIWebhookWithTokenMessageJSONBody,
  files: AnswerFile[],
): Promise<unknown> {
  return rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
    body: { ...data, attachments: files.map((file, id) => ({ id, filename: file.name })) },
    files: files.map((file, id) => ({
      key: `files[${id}]`,
      name: file.name,
      data: file.data,
      contentType: file.contentType,
    })),
    auth: false,
  });
}
