import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportMessage, ExportUser } from '../../model/export-document.js';
import { instantMillis, parseInstant } from '../date-format.js';
import { fullName } from '../full-name.js';
import { displayName } from './user-html.js';

const link = (user: ExportUser): string =>
  `<a class="chatlog__system-notification-link" title="${escapeHtml(fullName(user))}">${escapeHtml(displayName(user))}</a>`;

/** A JSON export already holds DCE's sentence for a channel rename; the new name is what follows it. */
const renamePrefix = 'Changed the channel name: ';

function callMinutes(message: ExportMessage): number {
  if (message.callEndedTimestamp === null) return 0;
  const lasted =
    instantMillis(parseInstant(message.callEndedTimestamp)) - instantMillis(parseInstant(message.timestamp));
  return Math.round(lasted / 60_000);
}

/**
 * What a system notice says after its author's name, as DCE's HTML writes it ("joined the server.",
 * "pinned a message to this channel.", "added X to the group."…), as HTML. A kind DCE has no words
 * for shows the message's content, which for those is DCE's fallback text.
 */
export function systemNoticeHtml(message: ExportMessage): string {
  const [mentioned] = message.mentions;
  switch (message.type) {
    case 'RecipientAdd':
      return mentioned ? `added ${link(mentioned)} to the group.` : 'added a recipient.';
    case 'RecipientRemove':
      if (!mentioned) return 'removed a recipient.';
      return mentioned.id === message.author.id ? 'left the group.' : `removed ${link(mentioned)} from the group.`;
    case 'Call':
      return `started a call that lasted ${callMinutes(message)} minutes.`;
    case 'ChannelNameChange': {
      const name = message.content.startsWith(renamePrefix)
        ? message.content.slice(renamePrefix.length)
        : message.content;
      return name.trim() === ''
        ? 'changed the channel name.'
        : `changed the channel name: <span class="chatlog__system-notification-link">${escapeHtml(name)}</span>`;
    }
    case 'ChannelIconChange':
      return 'changed the channel icon.';
    case 'ChannelPinnedMessage': {
      const pinned = message.reference?.messageId;
      return pinned
        ? `pinned <a class="chatlog__system-notification-link" href="#chatlog__message-container-${escapeHtml(pinned)}">a message</a> to this channel.`
        : 'pinned a message.';
    }
    case 'ThreadCreated':
      return 'started a thread.';
    case 'GuildMemberJoin':
      return 'joined the server.';
    default: {
      const text = message.content;
      return escapeHtml(text.charAt(0).toLowerCase() + text.slice(1));
    }
  }
}

/** Which of the icons a system notice shows. */
export function systemNoticeIcon(message: ExportMessage): string {
  switch (message.type) {
    case 'RecipientAdd':
    case 'GuildMemberJoin':
      return '→';
    case 'RecipientRemove':
      return '←';
    case 'Call':
      return '📞';
    case 'ChannelPinnedMessage':
      return '📌';
    case 'ThreadCreated':
      return '🧵';
    default:
      return '✏️';
  }
}
