import { attachmentKind } from '../writers/html/attachment-kind.js';
import { WORD } from './dotnet-text.js';
import { extractLinks } from './extract-links.js';
import type { HasKind } from './filter-ast.js';
import type { MessageFilter } from './message-filter.js';

/** DCE's Invite.TryGetCodeFromUrl: only discord.gg links are invites, not discord.com/invite. */
const INVITE = new RegExp(`^https?://discord\\.gg/(${WORD}+)/?$`, 'u');

/** The attachment kind (by extension, as DCE's Attachment.IsImage/IsVideo/IsAudio) each `has:` asks for. */
const ATTACHMENT_KINDS = { image: 'image', video: 'video', sound: 'audio' } as const;

/** DCE's HasMessageFilter for `has:<what>`. */
export function hasContent(what: HasKind): MessageFilter {
  switch (what) {
    case 'link':
      return (message) => extractLinks(message.content).length > 0;
    case 'embed':
      return (message) => message.embeds.length > 0;
    case 'file':
      return (message) => message.attachments.length > 0;
    case 'video':
    case 'image':
    case 'sound': {
      const kind = ATTACHMENT_KINDS[what];
      return (message) => message.attachments.some((attachment) => attachmentKind(attachment.fileName) === kind);
    }
    case 'pin':
      return (message) => message.isPinned;
    case 'invite':
      return (message) => extractLinks(message.content).some((url) => INVITE.test(url));
  }
}
