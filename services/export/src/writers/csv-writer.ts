import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { fullName } from './full-name.js';
import type { ExportFormat } from './message-writer.js';
import { TextMessageWriter } from './text-message-writer.js';

/** DCE's CsvEncode: every field quoted, quotes doubled; newlines and commas stay inside the quotes. */
const field = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/**
 * DCE's CSV export: a header row, then one row per message with the author's id and full name, the
 * date in .NET's `o` format, the content, attachment URLs and `name (count)` reactions, each list
 * comma-joined inside one field.
 */
export class CsvWriter extends TextMessageWriter {
  readonly format: ExportFormat = 'Csv';

  protected preamble(_header: ExportHeader): string {
    return 'AuthorID,Author,Date,Content,Attachments,Reactions\n';
  }

  protected message(message: ExportMessage): string {
    const attachments = message.attachments.map((attachment) => attachment.url).join(',');
    const reactions = message.reactions.map((reaction) => `${reaction.emoji.name} (${reaction.count})`).join(',');
    const row = [
      message.author.id,
      fullName(message.author),
      this.dates.roundTrip(message.timestamp),
      message.content,
      attachments,
      reactions,
    ];
    return `${row.map(field).join(',')}\n`;
  }

  protected postamble(): string {
    return '';
  }
}
