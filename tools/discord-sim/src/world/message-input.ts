import { type APIEmbed, type APIUser, EmbedType } from 'discord-api-types/v10';
import { discordErrors } from './errors.js';
import type { MessageInput } from './world.js';

/** Discord's limit on message content. */
export const MAX_CONTENT = 2000;

/** Validates a new message as Discord does; throws the error Discord would answer with. */
export function validateMessageInput(
  input: MessageInput,
  stickers: readonly { id: string }[],
  allowEmpty: boolean,
): void {
  const content = input.content ?? '';
  if (typeof content !== 'string')
    throw discordErrors.invalidForm(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  if (content.length > MAX_CONTENT)
    throw discordErrors.invalidForm(['content'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
  if ((input.embeds?.length ?? 0) > 10)
    throw discordErrors.invalidForm(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  if ((input.sticker_ids?.length ?? 0) > 3)
    throw discordErrors.invalidForm(['sticker_ids'], 'BASE_TYPE_MAX_LENGTH', 'Must be 3 or fewer in length.');
  if (typeof input.nonce === 'string' && input.nonce.length > 25)
    throw discordErrors.invalidForm(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  for (const id of input.sticker_ids ?? [])
    if (!stickers.some((s) => s.id === id)) throw discordErrors.unknownSticker();
  const empty =
    content.trim() === '' &&
    (input.embeds?.length ?? 0) === 0 &&
    (input.files?.length ?? 0) === 0 &&
    (input.sticker_ids?.length ?? 0) === 0 &&
    (input.components?.length ?? 0) === 0;
  if (empty && !allowEmpty) throw discordErrors.emptyMessage();
}

/** Who a message's content mentions, filtered by `allowed_mentions.parse` when the caller sent one. */
export function parseMentions(
  content: string,
  allowed: unknown,
  user: (id: string) => APIUser | undefined,
  roleIds: readonly string[],
): { users: APIUser[]; roles: string[]; everyone: boolean } {
  const parse = (allowed as { parse?: string[] } | undefined)?.parse;
  const allow = (kind: string) => !allowed || (parse?.includes(kind) ?? false);
  const users: APIUser[] = [];
  for (const m of content.matchAll(/<@!?(\d{17,20})>/g)) {
    const found = m[1] ? user(m[1]) : undefined;
    if (found && allow('users') && !users.some((u) => u.id === found.id)) users.push(found);
  }
  const roles: string[] = [];
  for (const m of content.matchAll(/<@&(\d{17,20})>/g)) {
    const id = m[1] ?? '';
    if (allow('roles') && roleIds.includes(id) && !roles.includes(id)) roles.push(id);
  }
  const everyone = allow('everyone') && /@(everyone|here)\b/.test(content);
  return { users, roles, everyone };
}

/** Embeds as sent by a caller become rich embeds, as Discord stores them. */
export function toEmbeds(input: unknown[] | undefined): APIEmbed[] {
  return (input ?? []).map((e) => ({ type: EmbedType.Rich, ...(e as APIEmbed) }));
}

/**
 * The emoji of a reaction route: `name:id` for a custom emoji known to `emojis`, or a unicode
 * emoji; anything else is 10014 Unknown Emoji, as Discord answers.
 */
export function parseReactionEmoji(
  emoji: string,
  emojis: readonly { id: string | null; name: string | null; animated?: boolean }[],
): { id: string | null; name: string; animated?: boolean } {
  const custom = /^(a:)?([\w~-]{1,32}):(\d{17,20})$/.exec(emoji);
  if (custom) {
    const id = custom[3] ?? '';
    const known = emojis.find((e) => e.id === id);
    if (!known?.name) throw discordErrors.unknownEmoji();
    return { id, name: known.name, animated: known.animated === true };
  }
  const unicode =
    emoji.length > 0 &&
    emoji.length <= 32 &&
    !emoji.includes(':') &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(emoji);
  if (!unicode) throw discordErrors.unknownEmoji();
  return { id: null, name: emoji };
}

/** Width and height of an uploaded PNG, GIF or JPEG, read from its header (Discord reports them for images). */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46)
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1] ?? 0;
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xc3) return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      at += 2 + length;
    }
  }
  return undefined;
}
