import type {
  ExportAttachment,
  ExportEmbed,
  ExportHeader,
  ExportMessage,
  ExportReaction,
  ExportSticker,
} from '../model/export-document.js';
import { fullName } from './full-name.js';
import type { ExportFormat } from './message-writer.js';
import { TextMessageWriter } from './text-message-writer.js';

const rule = '='.repeat(62);

/** .NET's string.IsNullOrWhiteSpace, which guards every optional line of DCE's text export. */
const present = (text: string | null | undefined): text is string =>
  text !== null && text !== undefined && text.trim() !== '';

/** A `{Title}` block of one line per URL and a blank line, or nothing when the list is empty. */
function urlBlock(title: string, urls: readonly string[]): string {
  return urls.length === 0 ? '' : `{${title}}\n${urls.map((url) => `${url}\n`).join('')}\n`;
}

const attachmentsBlock = (attachments: readonly ExportAttachment[]): string =>
  urlBlock(
    'Attachments',
    attachments.map((attachment) => attachment.url),
  );

const stickersBlock = (stickers: readonly ExportSticker[]): string =>
  urlBlock(
    'Stickers',
    stickers.map((sticker) => sticker.sourceUrl),
  );

function embedBlock(embed: ExportEmbed): string {
  const lines = [embed.author?.name, embed.url, embed.title, embed.description];
  for (const field of embed.fields) lines.push(field.name, field.value);
  lines.push(embed.thumbnail?.url);
  for (const image of embed.images) lines.push(image.url);
  lines.push(embed.footer?.text);
  return `{Embed}\n${lines
    .filter(present)
    .map((line) => `${line}\n`)
    .join('')}\n`;
}

/** Emoji names separated by spaces, with ` (n)` when more than one person reacted. */
function reactionsBlock(reactions: readonly ExportReaction[]): string {
  if (reactions.length === 0) return '';
  const names = reactions.map((reaction) =>
    reaction.count > 1 ? `${reaction.emoji.name} (${reaction.count})` : reaction.emoji.name,
  );
  return `{Reactions}\n${names.join(' ')}\n`;
}

/**
 * DCE's text export: a ruled preamble (guild, channel path, topic, date bounds), then per message
 * `[date] Name#0001 (pinned)`, its content, and the {Forwarded Message}, {Attachments}, {Embed},
 * {Stickers} and {Reactions} blocks, then `Exported N message(s)`. Dates are the locale's short date
 * and time (.NET's `g`), in UTC with `--utc`.
 */
export class PlainTextWriter extends TextMessageWriter {
  readonly format: ExportFormat = 'PlainText';

  protected preamble(header: ExportHeader): string {
    const { guild, channel, dateRange } = header;
    let text = `${rule}\nGuild: ${guild.name}\n`;
    text += `Channel: ${channel.category === null ? channel.name : `${channel.category} / ${channel.name}`}\n`;
    if (present(channel.topic)) text += `Topic: ${channel.topic}\n`;
    if (dateRange.after !== null) text += `After: ${this.dates.display(dateRange.after)}\n`;
    if (dateRange.before !== null) text += `Before: ${this.dates.display(dateRange.before)}\n`;
    return `${text}${rule}\n\n`;
  }

  protected message(message: ExportMessage): string {
    let text = `[${this.dates.display(message.timestamp)}] ${fullName(message.author)}`;
    if (message.isPinned) text += ' (pinned)';
    text += `\n${message.content}\n\n`;
    const forwarded = message.forwardedMessage;
    if (forwarded) {
      text += '{Forwarded Message}\n';
      if (present(forwarded.content)) text += `${forwarded.content}\n`;
      text += `Originally sent: ${this.dates.display(forwarded.timestamp)}\n\n`;
      text += attachmentsBlock(forwarded.attachments) + forwarded.embeds.map(embedBlock).join('');
      text += stickersBlock(forwarded.stickers);
    }
    text += attachmentsBlock(message.attachments) + message.embeds.map(embedBlock).join('');
    text += stickersBlock(message.stickers) + reactionsBlock(message.reactions);
    return `${text}\n`;
  }

  protected postamble(count: number): string {
    return `${rule}\nExported ${this.dates.count(count)} message(s)\n${rule}\n`;
  }
}
