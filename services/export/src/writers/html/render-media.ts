import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportAttachment, ExportEmoji, ExportReaction, ExportSticker } from '../../model/export-document.js';
import { attachmentKind, isSpoiler } from './attachment-kind.js';
import { formatFileSize } from './file-size.js';
import { urlAttribute } from './url-attribute.js';

function attachmentBody(attachment: ExportAttachment): string {
  const name = escapeHtml(attachment.fileName);
  const size = formatFileSize(attachment.fileSizeBytes);
  const src = urlAttribute('src', attachment.url);
  const href = urlAttribute('href', attachment.url);
  switch (attachmentKind(attachment.fileName)) {
    case 'image':
      return `<a${href}><img class="chatlog__attachment-media"${src} alt="Image attachment" title="Image: ${name} (${size})" loading="lazy"></a>`;
    case 'video':
      return `<video class="chatlog__attachment-media"${src} controls preload="metadata" title="Video: ${name} (${size})"></video>`;
    case 'audio':
      return `<audio class="chatlog__attachment-media"${src} controls preload="metadata" title="Audio: ${name} (${size})"></audio>`;
    case 'file':
      return (
        `<div class="chatlog__attachment-generic"><div class="chatlog__attachment-generic-icon">📄</div>` +
        `<div class="chatlog__attachment-generic-name"><a${href}>${name}</a></div>` +
        `<div class="chatlog__attachment-generic-size">${size}</div></div>`
      );
  }
}

/** Images inline, videos and sounds as players, other files as a link with their size; spoilers blurred. */
export function attachmentsHtml(attachments: readonly ExportAttachment[]): string {
  let html = '';
  for (const attachment of attachments) {
    html += isSpoiler(attachment.fileName)
      ? `<div class="chatlog__attachment chatlog__attachment--hidden" tabindex="0"><div class="chatlog__attachment-spoiler-caption">SPOILER</div>${attachmentBody(attachment)}</div>`
      : `<div class="chatlog__attachment">${attachmentBody(attachment)}</div>`;
  }
  return html;
}

/**
 * Stickers as images. A Lottie sticker needs a script player, which an offline file does not
 * carry, so it shows as its name linked to its animation.
 */
export function stickersHtml(stickers: readonly ExportSticker[]): string {
  let html = '';
  for (const sticker of stickers) {
    const name = escapeHtml(sticker.name);
    const media =
      sticker.format === 'Lottie'
        ? `<a class="chatlog__sticker--media chatlog__sticker--lottie"${urlAttribute('href', sticker.sourceUrl)}>${name}</a>`
        : `<img class="chatlog__sticker--media"${urlAttribute('src', sticker.sourceUrl)} alt="Sticker: ${name}" loading="lazy">`;
    html += `<div class="chatlog__sticker" title="${name}">${media}</div>`;
  }
  return html;
}

/** A custom emoji as its image, a standard one as its character (no image to fetch offline). */
export function emojiHtml(emoji: ExportEmoji, className: string): string {
  const label = escapeHtml(emoji.id === '' ? emoji.name : `:${emoji.name}:`);
  const src = emoji.id === '' ? '' : urlAttribute('src', emoji.imageUrl);
  return src
    ? `<img class="${className}" alt="${label}"${src} loading="lazy">`
    : `<span class="${className}">${label}</span>`;
}

export function reactionsHtml(reactions: readonly ExportReaction[]): string {
  if (reactions.length === 0) return '';
  let html = '<div class="chatlog__reactions">';
  for (const reaction of reactions) {
    html +=
      `<div class="chatlog__reaction" title=":${escapeHtml(reaction.emoji.code)}:">` +
      `${emojiHtml(reaction.emoji, 'chatlog__emoji chatlog__emoji--small')}` +
      `<span class="chatlog__reaction-count">${escapeHtml(String(reaction.count))}</span></div>`;
  }
  return `${html}</div>`;
}
