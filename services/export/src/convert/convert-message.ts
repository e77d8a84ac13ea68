import {
  type APIAttachment,
  type APIMessage,
  type APIStickerItem,
  type APIUser,
  MessageReferenceType,
  StickerFormatType,
} from 'discord-api-types/v10';
import type {
  ExportAttachment,
  ExportMessage,
  ExportReaction,
  ExportSticker,
  ExportUser,
} from '../model/export-document.js';
import { toExportEmbeds } from './convert-embed.js';
import { inlineEmojis, toExportEmoji } from './convert-emoji.js';
import type { ConvertScope } from './convert-scope.js';
import { displayName, toExportUser } from './convert-user.js';
import { toExportDate, toExportDateOrNull } from './export-date.js';
import { isSystemNotice, toMessageKind } from './message-kind.js';

/** Who reacted, per reaction of a message, keyed by `reactionKey`; only when reaction users were fetched. */
export type ReactionUsers = ReadonlyMap<string, readonly APIUser[]>;

/** The key of a reaction's emoji: its id for a custom one, its name for a standard one. */
export const reactionKey = (emoji: { id: string | null; name: string | null }): string => emoji.id ?? emoji.name ?? '';

const stickerFormats: Record<number, ExportSticker['format']> = {
  [StickerFormatType.PNG]: 'Png',
  [StickerFormatType.APNG]: 'Apng',
  [StickerFormatType.Lottie]: 'Lottie',
  [StickerFormatType.GIF]: 'Gif',
};

function toAttachment(attachment: APIAttachment): ExportAttachment {
  return { id: attachment.id, url: attachment.url, fileName: attachment.filename, fileSizeBytes: attachment.size };
}

function toSticker(sticker: APIStickerItem, scope: ConvertScope): ExportSticker {
  const format = stickerFormats[sticker.format_type] ?? 'Png';
  const extension = format === 'Lottie' ? 'json' : format === 'Gif' ? 'gif' : 'png';
  return { id: sticker.id, name: sticker.name, format, sourceUrl: scope.cdn.sticker(sticker.id, extension) };
}

/** DCE's sentence for a system notice (`Message.GetFallbackContent`), with users by their own display name. */
function noticeContent(message: APIMessage): string {
  const [mentioned] = message.mentions;
  switch (message.type) {
    case 1:
      return mentioned ? `Added ${displayName(mentioned)} to the group.` : 'Added a recipient.';
    case 2:
      if (!mentioned) return 'Removed a recipient.';
      return mentioned.id === message.author.id
        ? 'Left the group.'
        : `Removed ${displayName(mentioned)} from the group.`;
    case 3: {
      const ended = message.call?.ended_timestamp;
      const minutes = ended ? Math.trunc((Date.parse(ended) - Date.parse(message.timestamp)) / 60_000) : 0;
      return `Started a call that lasted ${minutes} minutes.`;
    }
    case 4:
      return message.content.trim() ? `Changed the channel name: ${message.content}` : 'Changed the channel name.';
    case 5:
      return 'Changed the channel icon.';
    case 6:
      return 'Pinned a message.';
    case 7:
      return 'Joined the server.';
    case 18:
      return 'Started a thread.';
    default:
      return message.content;
  }
}

const content = (text: string, scope: ConvertScope): string => (scope.markdown ? scope.text.format(text, scope) : text);

function toReactions(message: APIMessage, scope: ConvertScope, users: ReactionUsers | undefined): ExportReaction[] {
  return (message.reactions ?? []).map((reaction) => ({
    emoji: toExportEmoji(reaction.emoji, scope.cdn),
    count: reaction.count,
    users: (users?.get(reactionKey(reaction.emoji)) ?? []).map((user) => toExportUser(user, scope, false)),
  }));
}

/**
 * A Discord message as DCE's JSON writer fills it (../shared/reference §4): users with their member's
 * nickname, colour and roles, dates per `--utc`, content as DCE's plain-text rendering (raw with
 * `--markdown false`; its own sentence for a system notice), kinds by DCE's names.
 */
export function toExportMessage(
  message: APIMessage,
  scope: ConvertScope,
  reactionUsers?: ReactionUsers,
): ExportMessage {
  const user = (u: APIUser): ExportUser => toExportUser(u, scope);
  const exported: ExportMessage = {
    id: message.id,
    type: toMessageKind(message.type),
    timestamp: toExportDate(message.timestamp, scope.utc),
    timestampEdited: toExportDateOrNull(message.edited_timestamp, scope.utc),
    callEndedTimestamp: toExportDateOrNull(message.call?.ended_timestamp, scope.utc),
    isPinned: message.pinned,
    content: isSystemNotice(message.type) ? noticeContent(message) : content(message.content, scope),
    author: user(message.author),
    attachments: message.attachments.map(toAttachment),
    embeds: toExportEmbeds(message.embeds, scope),
    stickers: (message.sticker_items ?? []).map((sticker) => toSticker(sticker, scope)),
    reactions: toReactions(message, scope, reactionUsers),
    mentions: message.mentions.map(user),
    inlineEmojis: inlineEmojis(message.content, scope.cdn),
  };
  const reference = message.message_reference;
  if (reference) {
    exported.reference = {
      type: reference.type === MessageReferenceType.Forward ? 'Forward' : 'Default',
      messageId: reference.message_id ?? null,
      channelId: reference.channel_id ?? null,
      guildId: reference.guild_id ?? null,
    };
    const snapshot = message.message_snapshots?.[0]?.message;
    if (reference.type === MessageReferenceType.Forward && snapshot)
      exported.forwardedMessage = {
        timestamp: toExportDate(snapshot.timestamp, scope.utc),
        timestampEdited: toExportDateOrNull(snapshot.edited_timestamp, scope.utc),
        content: content(snapshot.content, scope),
        attachments: snapshot.attachments.map(toAttachment),
        embeds: toExportEmbeds(snapshot.embeds, scope),
        stickers: (snapshot.sticker_items ?? []).map((sticker) => toSticker(sticker, scope)),
      };
  }
  // The command's name is in the older `interaction` only; Discord still sends both.
  const interaction = message.interaction_metadata ?? message.interaction;
  if (interaction)
    exported.interaction = { id: interaction.id, name: message.interaction?.name ?? '', user: user(interaction.user) };
  return exported;
}

/**
 * Every user a message refers to whose member DCE looks up: the author, the mentioned users, the
 * author of the message it answers, the user of its slash command, and bare `<@id>` in its text.
 */
export function referencedUsers(
  message: APIMessage,
  contentUserIds: readonly string[],
): Map<string, APIUser | undefined> {
  const users = new Map<string, APIUser | undefined>();
  const add = (u: APIUser | undefined) => u && users.set(u.id, u);
  add(message.author);
  for (const mentioned of message.mentions) add(mentioned);
  add(message.referenced_message?.author);
  add((message.interaction_metadata ?? message.interaction)?.user);
  for (const id of contentUserIds) if (!users.has(id)) users.set(id, undefined);
  return users;
}
