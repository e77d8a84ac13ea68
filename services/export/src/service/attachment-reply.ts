import { readFile } from 'node:fs/promises';
import type { REST } from '@discordjs/rest';
import type { InteractionRef } from '@platform/discord';
import { type RESTPatchAPIWebhookWithTokenMessageJSONBody, Routes } from 'discord-api-types/v10';

/** A local file to attach, under the name Discord shows. */
export interface Attachment {
  name: string;
  path: string;
}

/**
 * Replaces a deferred reply with a message that carries files, as multipart with `payload_json`.
 * libs/discord's `editReply` sends JSON only; like it, this authenticates by the interaction token in the
 * path, never the bot token.
 */
export async function editReplyWithAttachments(
  rest: REST,
  interaction: InteractionRef,
  data: RESTPatchAPIWebhookWithTokenMessageJSONBody,
  attachments: readonly Attachment[],
): Promise<unknown> {
  return rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
    body: { ...data, attachments: attachments.map((file, id) => ({ id, filename: baseName(file.name) })) },
    files: await Promise.all(
      attachments.map(async (file, id) => ({
        key: `files[${id}]`,
        name: baseName(file.name),
        data: await readFile(file.path),
      })),
    ),
    auth: false,
  });
}

/** Discord shows attachments by file name only. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
