import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportForwardedMessage, ExportMessage } from '../../model/export-document.js';
import type { HtmlContext } from './html-context.js';
import { isReplyLike, isSystemNotification } from './message-grouping.js';
import { embedHtml } from './render-embed.js';
import { attachmentsHtml, reactionsHtml, stickersHtml } from './render-media.js';
import { systemNoticeHtml, systemNoticeIcon } from './system-notice.js';
import { urlAttribute } from './url-attribute.js';
import { displayName, userNameAttributes } from './user-html.js';

const anchor = (id: string): string => `#chatlog__message-container-${escapeHtml(id)}`;
const pinnedMarker = '<span class="chatlog__pinned-marker" title="Pinned message">📌</span>';

function editedHtml(edited: string | null, context: HtmlContext): string {
  return edited === null
    ? ''
    : `<span class="chatlog__edited-timestamp" title="${context.date(edited)}">(edited)</span>`;
}

/** The line above a reply: who it answers and the start of what they said, linking to it. */
function replyHtml(message: ExportMessage, context: HtmlContext): string {
  const referenceId = message.reference?.type === 'Default' ? message.reference.messageId : null;
  const answered = referenceId ? context.replies.find(referenceId) : undefined;
  const person = answered?.author ?? message.interaction?.user;
  if (!person) {
    return '<div class="chatlog__reply"><div class="chatlog__reply-unknown">Original message was deleted or could not be loaded.</div></div>';
  }
  let html = `<div class="chatlog__reply"><img class="chatlog__reply-avatar"${urlAttribute('src', person.avatarUrl)} alt="Avatar" loading="lazy">`;
  html += `<div class="chatlog__reply-author"${userNameAttributes(person)}>${escapeHtml(displayName(person))}</div>`;
  html += '<div class="chatlog__reply-content">';
  if (answered) {
    let snippet: string;
    if (answered.content.trim() !== '') {
      snippet = context.markdown(answered.content, answered.mentions, answered.inlineEmojis, {
        jumbo: false,
        links: false,
      });
    } else if (answered.hasMedia) snippet = '<em>Click to see attachment</em> 🖼️';
    else snippet = '<em>Click to see original message</em>';
    html += `<a class="chatlog__reply-link" href="${anchor(answered.id)}">${snippet}</a>`;
    if (answered.timestampEdited !== null) {
      html += `<span class="chatlog__reply-edited-timestamp" title="${context.date(answered.timestampEdited)}">(edited)</span>`;
    }
  } else {
    html += `used /${escapeHtml(message.interaction?.name ?? '')}`;
  }
  return `${html}</div></div>`;
}

function headerHtml(message: ExportMessage, context: HtmlContext): string {
  const { author } = message;
  let html = `<div class="chatlog__header"><span class="chatlog__author"${userNameAttributes(author)}>${escapeHtml(displayName(author))}</span>`;
  if (author.isBot) html += '<span class="chatlog__author-tag">BOT</span>';
  html += `<span class="chatlog__timestamp"><a href="${anchor(message.id)}">${context.date(message.timestamp)}</a></span>`;
  if (message.isPinned) html += pinnedMarker;
  return `${html}</div>`;
}

function forwardedHtml(forwarded: ExportForwardedMessage, message: ExportMessage, context: HtmlContext): string {
  let html = '<div class="chatlog__forwarded"><div class="chatlog__forwarded-header">↱ Forwarded</div>';
  if (forwarded.content.trim() !== '') {
    html += `<div class="chatlog__content chatlog__markdown"><span class="chatlog__markdown-preserve">${context.markdown(forwarded.content, message.mentions, message.inlineEmojis)}</span></div>`;
  }
  html += attachmentsHtml(forwarded.attachments);
  for (const embed of forwarded.embeds) html += embedHtml(embed, message.mentions, context);
  html += stickersHtml(forwarded.stickers);
  html += `<div class="chatlog__forwarded-timestamp">${context.date(forwarded.timestamp)}${editedHtml(forwarded.timestampEdited, context)}</div>`;
  return `${html}</div>`;
}

function systemHtml(message: ExportMessage, context: HtmlContext): string {
  const { author } = message;
  return (
    `<div class="chatlog__message-aside"><span class="chatlog__system-notification-icon">${systemNoticeIcon(message)}</span></div>` +
    `<div class="chatlog__message-primary"><span class="chatlog__system-notification-author"${userNameAttributes(author)}>${escapeHtml(displayName(author))}</span> ` +
    `<span class="chatlog__system-notification-content">${systemNoticeHtml(message)}</span>` +
    `<span class="chatlog__system-notification-timestamp"><a href="${anchor(message.id)}">${context.date(message.timestamp)}</a></span></div>`
  );
}

function regularHtml(message: ExportMessage, first: boolean, context: HtmlContext): string {
  let html = '<div class="chatlog__message-aside">';
  if (first) {
    if (isReplyLike(message)) html += '<div class="chatlog__reply-symbol"></div>';
    html += `<img class="chatlog__avatar"${urlAttribute('src', message.author.avatarUrl)} alt="Avatar" loading="lazy">`;
  } else {
    html += `<div class="chatlog__short-timestamp" title="${context.date(message.timestamp)}">${context.shortTime(message.timestamp)}</div>`;
  }
  html += '</div><div class="chatlog__message-primary">';
  if (first) {
    if (isReplyLike(message)) html += replyHtml(message, context);
    html += headerHtml(message, context);
  } else if (message.isPinned) html += pinnedMarker;

  const hasContent = message.content.trim() !== '';
  if (hasContent || message.timestampEdited !== null) {
    html += '<div class="chatlog__content chatlog__markdown">';
    if (hasContent) {
      const content = context.markdown(message.content, message.mentions, message.inlineEmojis, {
        jumbo: true,
        links: true,
      });
      html += `<span class="chatlog__markdown-preserve">${content}</span>`;
    }
    html += `${editedHtml(message.timestampEdited, context)}</div>`;
  }
  if (message.forwardedMessage) html += forwardedHtml(message.forwardedMessage, message, context);
  html += attachmentsHtml(message.attachments);
  for (const embed of message.embeds) html += embedHtml(embed, message.mentions, context);
  html += stickersHtml(message.stickers);
  html += reactionsHtml(message.reactions);
  return `${html}</div>`;
}

/**
 * One message as HTML: a system notice on one line, or a message with its avatar, reply line and
 * header when it opens a group (`first`), its content, forwarded message, attachments, embeds,
 * stickers and reactions; pinned ones are tinted and marked.
 */
export function messageHtml(message: ExportMessage, first: boolean, context: HtmlContext): string {
  const id = escapeHtml(message.id);
  const pinned = message.isPinned ? ' chatlog__message-container--pinned' : '';
  const body = isSystemNotification(message.type) ? systemHtml(message, context) : regularHtml(message, first, context);
  return `<div id="chatlog__message-container-${id}" class="chatlog__message-container${pinned}" data-message-id="${id}"><div class="chatlog__message">${body}</div></div>`;
}
