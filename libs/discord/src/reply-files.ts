import type { RawFile, REST } from '@discordjs/rest';
import { type RESTPatchAPIWebhookWithTokenMessageJSONBody, Routes } from 'discord-api-types/v10';
import type { InteractionRef } from './interaction-replies.js';

/** A file to upload with a message, under the name Discord shows. */
export interface ReplyFile {
  name: string;
  data: Buffer | Uint8Array;
  /** Guessed from the data when absent. */
  contentType?: string;
}

/**
 * A message's uploads as multipart with `payload_json`: each file as `files[n]`, with its entry under the
 * body's `attachments`.
 */
export function fileUploads(files: readonly ReplyFile[]): {
  attachments: { id: number; filename: string }[];
  files: RawFile[];
} {
  return {
    attachments: files.map((file, id) => ({ id, filename: file.name })),
    files: files.map((file, id) => ({
      key: `files[${id}]`,
      name: file.name,
      data: file.data,
      contentType: file.contentType,
    })),
  };
}

/**
 * Replaces a deferred reply with a message that carries files (a chart's PNG, an export), as multipart with
 * `payload_json`. `editReply` sends JSON only; this is the same route with uploads, and like it
 * authenticates by the interaction token in the path, never the bot token.
 */
export function editReplyWithFiles(
  rest: REST,
  interaction: InteractionRef,
  data: RESTPatchAPIWebhookWithTokenMessageJSONBody,
  files: readonly ReplyFile[],
): Promise<unknown> {
  const uploads = fileUploads(files);
  return rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
    body: { ...data, attachments: uploads.attachments },
    files: uploads.files,
    auth: false,
  });
}
