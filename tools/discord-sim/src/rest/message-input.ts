import { discordErrors } from '../world/errors.js';
import type { MessageInput } from '../world/world.js';
import type { MessageCreateBody, MessageEditBody } from './bodies/message-bodies.js';
import type { UploadedFile } from './route-definition.js';

/**
 * The world's input of a message create: the JSON fields, and the uploaded files matched to
 * `attachments[].id` (a file's `n` of `files[n]`) for their filename and description.
 */
export function createInput(body: MessageCreateBody, files: readonly UploadedFile[]): MessageInput {
  const input: MessageInput = {};
  if (body.content !== undefined) input.content = body.content;
  if (body.embeds !== undefined) input.embeds = body.embeds;
  if (body.components !== undefined) input.components = body.components;
  if (body.sticker_ids !== undefined) input.sticker_ids = body.sticker_ids;
  if (body.message_reference !== undefined) input.message_reference = body.message_reference;
  if (body.flags !== undefined) input.flags = body.flags;
  if (body.tts !== undefined) input.tts = body.tts;
  if (body.nonce !== undefined) input.nonce = body.nonce;
  if (body.allowed_mentions !== undefined) input.allowed_mentions = body.allowed_mentions;
  if (files.length > 0) input.files = matchFiles(body.attachments ?? [], files);
  const empty =
    !input.content && !input.embeds?.length && !input.sticker_ids?.length && !input.components?.length && !input.files;
  if (empty && body.poll === undefined) throw discordErrors.emptyMessage();
  return input;
}

/** The world's input of a message edit: absent fields stay as they are, `null` clears. */
export function editInput(body: MessageEditBody, files: readonly UploadedFile[]): MessageInput {
  const input: MessageInput = {};
  if (body.content !== undefined) input.content = body.content ?? '';
  if (body.embeds !== undefined) input.embeds = body.embeds ?? [];
  if (body.components !== undefined) input.components = body.components ?? [];
  if (body.flags !== undefined && body.flags !== null) input.flags = body.flags;
  if (body.allowed_mentions !== undefined && body.allowed_mentions !== null) {
    input.allowed_mentions = body.allowed_mentions;
  }
  if (files.length > 0) input.files = matchFiles(body.attachments ?? [], files);
  return input;
}

function matchFiles(
  attachments: readonly { id: string; filename?: string | undefined; description?: string | undefined }[],
  files: readonly UploadedFile[],
): NonNullable<MessageInput['files']> {
  return files.map((file) => {
    const meta = attachments.find((attachment) => attachment.id === String(file.index));
    const described = meta?.description === undefined ? {} : { description: meta.description };
    return { name: meta?.filename ?? file.name, contentType: file.contentType, bytes: file.bytes, ...described };
  });
}
