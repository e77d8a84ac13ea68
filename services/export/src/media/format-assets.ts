import { attachmentKind } from '../writers/html/attachment-kind.js';
import type { ExportFormat } from '../writers/message-writer.js';

/** A place in the model where an export refers to a file of the CDN. */
export type AssetKind =
  /** The guild's icon, and a group DM's channel icon. */
  | 'icons'
  /** The avatar of a message's author and of the person who ran its slash command. */
  | 'authorAvatars'
  /** The avatars of mentioned users and of the users of a reaction. */
  | 'otherAvatars'
  | 'attachments'
  | 'embedImages'
  | 'embedThumbnails'
  | 'embedVideos'
  /** An embed's author and footer icons. */
  | 'embedIcons'
  | 'customEmoji'
  /** A standard emoji's image (Twemoji), which only JSON writes. */
  | 'standardEmoji'
  | 'stickers';

const ALL: readonly AssetKind[] = [
  'icons',
  'authorAvatars',
  'otherAvatars',
  'attachments',
  'embedImages',
  'embedThumbnails',
  'embedVideos',
  'embedIcons',
  'customEmoji',
  'standardEmoji',
  'stickers',
];

/** What the HTML writer shows: no mentioned users' or reactors' avatars, standard emoji as characters. */
const HTML: readonly AssetKind[] = [
  'icons',
  'authorAvatars',
  'attachments',
  'embedImages',
  'embedThumbnails',
  'embedVideos',
  'embedIcons',
  'customEmoji',
  'stickers',
];

/**
 * The assets each format's writer (src/writers/) refers to, so `--media` downloads only those, as DCE
 * does: JSON writes every URL of the model; the text export lists attachments, embed thumbnails and
 * images and stickers; CSV only attachments.
 */
const BY_FORMAT: Record<ExportFormat, ReadonlySet<AssetKind>> = {
  Json: new Set(ALL),
  HtmlDark: new Set(HTML),
  HtmlLight: new Set(HTML),
  PlainText: new Set(['attachments', 'embedThumbnails', 'embedImages', 'stickers']),
  Csv: new Set(['attachments']),
};

const isHtml = (format: ExportFormat): boolean => format === 'HtmlDark' || format === 'HtmlLight';

function showsAsset(format: ExportFormat, kind: AssetKind, url: string): boolean {
  if (!BY_FORMAT[format].has(kind)) return false;
  // HTML plays an embed's video only when it is a video file; a video page (YouTube) is not fetched.
  if (kind === 'embedVideos' && isHtml(format)) return attachmentKind(url.split('?')[0] ?? '') === 'video';
  return true;
}

/** Whether any of `formats` shows the asset at `url` in a place of kind `kind`. */
export function formatsReferenceAsset(formats: readonly ExportFormat[], kind: AssetKind, url: string): boolean {
  return formats.some((format) => showsAsset(format, kind, url));
}
