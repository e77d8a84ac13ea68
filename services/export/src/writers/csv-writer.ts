import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { DateFormats } from './date-format.js';
import type { ByteSink } from './file-sink.js';
import { fullName } from './full-name.js';
import type { ExportFormat, MessageWriter, RenderOptions } from './message-writer.js';

/** DCE's CsvEncode: every field quoted, quotes doubled; newlines and commas stay inside the quotes. */
const field = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/**
 * DCE's CSV export: a header row, then one row per message with the author's id and full name, the
 * date in .NET's `o` format, the content, attachment URLs and `name (count)` reactions, each list
 * comma-joined inside one field.
 */
export class CsvWriter implements MessageWriter {
  readonly format: ExportFormat = 'Csv';
  readonly #dates: DateFormats;

  constructor(
    private readonly sink: ByteSink,
    options: RenderOptions,
  ) {
    this.#dates = new DateFormats(options);
  }

  get bytesWritten(): number {
    return this.sink.bytesWritten;
  }

  begin(_header: ExportHeader): Promise<void> {
    return this.sink.write('AuthorID,Author,Date,Content,Attachments,Reactions\n');
  }

  write(message: ExportMessage): Promise<void> {
    const attachments = message.attachments.map((attachment) => attachment.url).join(',');
    const reactions = message.reactions.map((reaction) => `${reaction.emoji.name} (${reaction.count})`).join(',');
    const row = [
      message.author.id,
      fullName(message.author),
      this.#dates.roundTrip(message.timestamp),
      message.content,
      attachments,
      reactions,
    ];
    return this.sink.write(`${row.map(field).join(',')}\n`);
  }

  async end(): Promise<void> {
    await this.sink.close();
  }
}
