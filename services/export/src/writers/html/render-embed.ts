import { backgroundAttribute } from '../../markdown/css-color.js';
import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportEmbed, ExportEmbedImage, ExportUser } from '../../model/export-document.js';
import { attachmentKind } from './attachment-kind.js';
import type { HtmlContext } from './html-context.js';
import { urlAttribute } from './url-attribute.js';

const hasText = (text: string | null | undefined): text is string =>
  text !== null && text !== undefined && text.trim() !== '';

function imagesOf(embed: ExportEmbed): ExportEmbedImage[] {
  const images = embed.images.length > 0 ? embed.images : embed.image ? [embed.image] : [];
  return images.filter((image) => hasText(image.url));
}

function authorHtml(embed: ExportEmbed): string {
  const author = embed.author;
  if (!author) return '';
  const icon = urlAttribute('src', author.iconUrl);
  let html = '<div class="chatlog__embed-author-container">';
  if (icon) html += `<img class="chatlog__embed-author-icon"${icon} alt="Author icon" loading="lazy">`;
  if (hasText(author.name)) {
    const name = `<span class="chatlog__embed-author">${escapeHtml(author.name)}</span>`;
    const href = urlAttribute('href', author.url);
    html += href ? `<a class="chatlog__embed-author-link"${href}>${name}</a>` : name;
  }
  return `${html}</div>`;
}

/** An embed whose only content is a picture (a link preview of an image) shows as the picture alone. */
function isImageOnly(embed: ExportEmbed): boolean {
  return (
    !hasText(embed.title) &&
    !hasText(embed.description) &&
    embed.fields.length === 0 &&
    !embed.author &&
    !embed.footer &&
    (imagesOf(embed).length > 0 || hasText(embed.thumbnail?.url))
  );
}

/**
 * One embed as Discord draws it: the colour bar, author, title (a link when it has a URL),
 * description and fields in markdown, inline fields side by side, the thumbnail, images, a video
 * player, and the footer with the embed's date.
 */
export function embedHtml(embed: ExportEmbed, mentions: readonly ExportUser[], context: HtmlContext): string {
  const markdown = (text: string): string => context.markdown(text, mentions, embed.inlineEmojis);
  const images = imagesOf(embed);
  if (isImageOnly(embed)) {
    const url = images[0]?.url ?? embed.thumbnail?.url;
    return `<div class="chatlog__embed"><a${urlAttribute('href', url)}><img class="chatlog__embed-generic-image"${urlAttribute('src', url)} alt="Embedded image" loading="lazy"></a></div>`;
  }

  const pill = backgroundAttribute(embed.color);
  let html = `<div class="chatlog__embed">${pill ? `<div class="chatlog__embed-color-pill"${pill}></div>` : '<div class="chatlog__embed-color-pill chatlog__embed-color-pill--default"></div>'}`;
  html +=
    '<div class="chatlog__embed-content-container"><div class="chatlog__embed-content"><div class="chatlog__embed-text">';
  html += authorHtml(embed);
  if (hasText(embed.title)) {
    const title = `<div class="chatlog__markdown chatlog__markdown-preserve">${markdown(embed.title)}</div>`;
    const href = urlAttribute('href', embed.url);
    html += `<div class="chatlog__embed-title">${href ? `<a class="chatlog__embed-title-link"${href}>${title}</a>` : title}</div>`;
  }
  if (hasText(embed.description)) {
    html += `<div class="chatlog__embed-description"><div class="chatlog__markdown chatlog__markdown-preserve">${markdown(embed.description)}</div></div>`;
  }
  if (embed.fields.length > 0) {
    html += '<div class="chatlog__embed-fields">';
    for (const field of embed.fields) {
      html += `<div class="chatlog__embed-field${field.isInline ? ' chatlog__embed-field--inline' : ''}">`;
      if (hasText(field.name)) {
        html += `<div class="chatlog__embed-field-name"><div class="chatlog__markdown chatlog__markdown-preserve">${markdown(field.name)}</div></div>`;
      }
      if (hasText(field.value)) {
        html += `<div class="chatlog__embed-field-value"><div class="chatlog__markdown chatlog__markdown-preserve">${markdown(field.value)}</div></div>`;
      }
      html += '</div>';
    }
    html += '</div>';
  }
  html += '</div>';
  const thumbnail = embed.thumbnail?.url;
  if (hasText(thumbnail)) {
    html += `<div class="chatlog__embed-thumbnail-container"><a class="chatlog__embed-thumbnail-link"${urlAttribute('href', thumbnail)}><img class="chatlog__embed-thumbnail"${urlAttribute('src', thumbnail)} alt="Thumbnail" loading="lazy"></a></div>`;
  }
  html += '</div>';

  if (images.length > 0) {
    html += `<div class="chatlog__embed-images${images.length === 1 ? ' chatlog__embed-images--single' : ''}">`;
    for (const image of images) {
      html += `<div class="chatlog__embed-image-container"><a class="chatlog__embed-image-link"${urlAttribute('href', image.url)}><img class="chatlog__embed-image"${urlAttribute('src', image.url)} alt="Image" loading="lazy"></a></div>`;
    }
    html += '</div>';
  }
  // A video file (a GIF preview's mp4) plays here; a video page (YouTube) would need an iframe, so
  // its thumbnail stands for it.
  const video = embed.video?.url;
  if (hasText(video) && attachmentKind(video.split('?')[0] ?? '') === 'video') {
    html += `<video class="chatlog__embed-video"${urlAttribute('src', video)} controls preload="metadata"></video>`;
  }
  if (embed.footer || embed.timestamp !== null) {
    html += '<div class="chatlog__embed-footer">';
    const icon = urlAttribute('src', embed.footer?.iconUrl);
    if (icon) html += `<img class="chatlog__embed-footer-icon"${icon} alt="Footer icon" loading="lazy">`;
    const parts: string[] = [];
    const footerText = embed.footer?.text;
    if (hasText(footerText)) parts.push(escapeHtml(footerText));
    if (embed.timestamp !== null) parts.push(context.date(embed.timestamp));
    html += `<span class="chatlog__embed-footer-text">${parts.join(' • ')}</span></div>`;
  }
  return `${html}</div></div>`;
}
