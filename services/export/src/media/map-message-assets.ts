import type {
  ExportAttachment,
  ExportEmbed,
  ExportEmbedImage,
  ExportEmoji,
  ExportHeader,
  ExportMessage,
  ExportSticker,
  ExportUser,
} from '../model/export-document.js';
import type { AssetKind } from './format-assets.js';

/** The new URL of an asset found at a place of kind `kind`. */
export type AssetUrlMap = (url: string, kind: AssetKind) => string;

const user = (person: ExportUser, kind: AssetKind, map: AssetUrlMap): ExportUser => ({
  ...person,
  avatarUrl: map(person.avatarUrl, kind),
});

const emoji = (item: ExportEmoji, map: AssetUrlMap): ExportEmoji => ({
  ...item,
  imageUrl: map(item.imageUrl, item.id === '' ? 'standardEmoji' : 'customEmoji'),
});

const attachment = (item: ExportAttachment, map: AssetUrlMap): ExportAttachment => ({
  ...item,
  url: map(item.url, 'attachments'),
});

const sticker = (item: ExportSticker, map: AssetUrlMap): ExportSticker => ({
  ...item,
  sourceUrl: map(item.sourceUrl, 'stickers'),
});

function image(item: ExportEmbedImage | undefined, kind: AssetKind, map: AssetUrlMap): ExportEmbedImage | undefined {
  if (item?.url === undefined) return item;
  return { ...item, url: map(item.url, kind) };
}

/** Keeps an optional key absent rather than present as undefined, as the writers test for it. */
function withOptional<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): T {
  if (value !== undefined) target[key] = value;
  return target;
}

function embed(item: ExportEmbed, map: AssetUrlMap): ExportEmbed {
  const copy: ExportEmbed = {
    ...item,
    images: item.images.map((entry) => image(entry, 'embedImages', map) as ExportEmbedImage),
    inlineEmojis: item.inlineEmojis.map((entry) => emoji(entry, map)),
  };
  withOptional(copy, 'thumbnail', image(item.thumbnail, 'embedThumbnails', map));
  withOptional(copy, 'image', image(item.image, 'embedImages', map));
  withOptional(copy, 'video', image(item.video, 'embedVideos', map));
  if (item.author?.iconUrl !== undefined)
    copy.author = { ...item.author, iconUrl: map(item.author.iconUrl, 'embedIcons') };
  if (item.footer?.iconUrl !== undefined)
    copy.footer = { ...item.footer, iconUrl: map(item.footer.iconUrl, 'embedIcons') };
  return copy;
}

/**
 * A copy of `message` with the URL of every asset it refers to (avatars, attachments, embed
 * pictures, videos and icons, emoji, stickers) replaced by `map(url, kind)`. Canonical embed URLs
 * stay: they name the original, as in DCE.
 */
export function mapMessageAssets(message: ExportMessage, map: AssetUrlMap): ExportMessage {
  const copy: ExportMessage = {
    ...message,
    author: user(message.author, 'authorAvatars', map),
    attachments: message.attachments.map((item) => attachment(item, map)),
    embeds: message.embeds.map((item) => embed(item, map)),
    stickers: message.stickers.map((item) => sticker(item, map)),
    reactions: message.reactions.map((reaction) => ({
      ...reaction,
      emoji: emoji(reaction.emoji, map),
      users: reaction.users.map((person) => user(person, 'otherAvatars', map)),
    })),
    mentions: message.mentions.map((person) => user(person, 'otherAvatars', map)),
    inlineEmojis: message.inlineEmojis.map((item) => emoji(item, map)),
  };
  const forwarded = message.forwardedMessage;
  if (forwarded) {
    copy.forwardedMessage = {
      ...forwarded,
      attachments: forwarded.attachments.map((item) => attachment(item, map)),
      embeds: forwarded.embeds.map((item) => embed(item, map)),
      stickers: forwarded.stickers.map((item) => sticker(item, map)),
    };
  }
  if (message.interaction) {
    copy.interaction = { ...message.interaction, user: user(message.interaction.user, 'authorAvatars', map) };
  }
  return copy;
}

/** A copy of `header` with the guild's icon and a group DM's icon replaced by `map`. */
export function mapHeaderAssets(header: ExportHeader, map: AssetUrlMap): ExportHeader {
  const channel = { ...header.channel };
  if (channel.iconUrl !== undefined) channel.iconUrl = map(channel.iconUrl, 'icons');
  return { ...header, guild: { ...header.guild, iconUrl: map(header.guild.iconUrl, 'icons') }, channel };
}
