/**
 * The exported document, shaped as DiscordChatExporter's JSON export, field for field and in its
 * order (see ../shared/reference/discord-chat-exporter.md §4). It is the one model every writer
 * renders and every filter reads, so `render` of an existing DCE JSON export and a live export go
 * through the same code. Dates are ISO-8601 strings with an offset, as DCE writes them (UTC with `--utc`).
 */

export interface ExportGuild {
  id: string;
  name: string;
  iconUrl: string;
}

/** DCE's ChannelKind names. */
export type ChannelKind =
  | 'GuildTextChat'
  | 'DirectTextChat'
  | 'GuildVoiceChat'
  | 'DirectGroupTextChat'
  | 'GuildCategory'
  | 'GuildNews'
  | 'GuildNewsThread'
  | 'GuildPublicThread'
  | 'GuildPrivateThread'
  | 'GuildStageVoice'
  | 'GuildDirectory'
  | 'GuildForum';

export interface ExportChannel {
  id: string;
  type: ChannelKind;
  /** The parent: a category, or the parent channel of a thread; null when none. */
  categoryId: string | null;
  category: string | null;
  name: string;
  topic: string | null;
  /** Present only when the channel has an icon (group DMs). */
  iconUrl?: string;
}

export interface ExportDateRange {
  after: string | null;
  before: string | null;
}

export interface ExportRole {
  id: string;
  name: string;
  color: string | null;
  position: number;
}

export interface ExportUser {
  id: string;
  name: string;
  discriminator: string;
  nickname: string;
  color: string | null;
  isBot: boolean;
  /** Sorted by position, highest first; omitted for the users of a reaction. */
  roles?: ExportRole[];
  avatarUrl: string;
}

export interface ExportAttachment {
  id: string;
  /** A local path when media are downloaded. */
  url: string;
  fileName: string;
  fileSizeBytes: number;
}

export interface ExportEmoji {
  /** "" for a standard emoji. */
  id: string;
  name: string;
  code: string;
  isAnimated: boolean;
  imageUrl: string;
}

export interface ExportEmbedAuthor {
  name: string;
  url: string | null;
  iconUrl?: string;
  iconCanonicalUrl?: string;
}

export interface ExportEmbedImage {
  url?: string;
  canonicalUrl?: string;
  width: number | null;
  height: number | null;
}

export interface ExportEmbedFooter {
  text: string;
  iconUrl?: string;
  iconCanonicalUrl?: string;
}

export interface ExportEmbedField {
  name: string;
  value: string;
  isInline: boolean;
}

export interface ExportEmbed {
  title: string;
  url: string | null;
  timestamp: string | null;
  description: string;
  color?: string;
  author?: ExportEmbedAuthor;
  thumbnail?: ExportEmbedImage;
  image?: ExportEmbedImage;
  video?: ExportEmbedImage;
  footer?: ExportEmbedFooter;
  images: ExportEmbedImage[];
  fields: ExportEmbedField[];
  inlineEmojis: ExportEmoji[];
}

export interface ExportSticker {
  id: string;
  name: string;
  format: 'Png' | 'Apng' | 'Lottie' | 'Gif';
  sourceUrl: string;
}

export interface ExportReaction {
  emoji: ExportEmoji;
  count: number;
  users: ExportUser[];
}

export interface ExportReference {
  type: 'Default' | 'Forward';
  messageId: string | null;
  channelId: string | null;
  guildId: string | null;
}

export interface ExportForwardedMessage {
  timestamp: string;
  timestampEdited: string | null;
  content: string;
  attachments: ExportAttachment[];
  embeds: ExportEmbed[];
  stickers: ExportSticker[];
}

export interface ExportInteraction {
  id: string;
  name: string;
  user: ExportUser;
}

/** DCE's MessageKind name, or the number for kinds it does not name. */
export type MessageKind =
  | 'Default'
  | 'RecipientAdd'
  | 'RecipientRemove'
  | 'Call'
  | 'ChannelNameChange'
  | 'ChannelIconChange'
  | 'ChannelPinnedMessage'
  | 'GuildMemberJoin'
  | 'ThreadCreated'
  | 'Reply'
  | number;

/** One message; the keys are declared in DCE's order, and writers must keep it. */
export interface ExportMessage {
  id: string;
  type: MessageKind;
  timestamp: string;
  timestampEdited: string | null;
  callEndedTimestamp: string | null;
  isPinned: boolean;
  content: string;
  author: ExportUser;
  attachments: ExportAttachment[];
  embeds: ExportEmbed[];
  stickers: ExportSticker[];
  reactions: ExportReaction[];
  mentions: ExportUser[];
  reference?: ExportReference;
  forwardedMessage?: ExportForwardedMessage;
  interaction?: ExportInteraction;
  inlineEmojis: ExportEmoji[];
}

/** Everything of a document but its messages: what a writer needs before the first message. */
export interface ExportHeader {
  guild: ExportGuild;
  channel: ExportChannel;
  dateRange: ExportDateRange;
  exportedAt: string;
}

/** A whole DCE JSON document (one file, one partition). */
export interface ExportDocument extends ExportHeader {
  messages: ExportMessage[];
  messageCount: number;
}
