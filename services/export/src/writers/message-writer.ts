import type { ExportHeader, ExportMessage } from '../model/export-document.js';

/** The output formats, named as DiscordChatExporter's `--format` values. */
export type ExportFormat = 'HtmlDark' | 'HtmlLight' | 'PlainText' | 'Json' | 'Csv';

/** How writers present what they render. */
export interface RenderOptions {
  /** BCP 47 locale for dates shown to people (`--locale`); en-US by default. */
  locale: string;
  /** Show dates in UTC (`--utc`) rather than the machine's zone. */
  utc: boolean;
  /** Render Discord markdown (`--markdown`, on by default); raw content when false. */
  markdown: boolean;
}

/**
 * Writes one output file, streaming: the header first, then each message as it arrives, then the
 * footer. A writer keeps no more than a bounded amount of state between messages (an HTML message
 * group at most), so a channel of a million messages is written in the memory of one of a thousand.
 */
export interface MessageWriter {
  readonly format: ExportFormat;
  begin(header: ExportHeader): Promise<void>;
  write(message: ExportMessage): Promise<void>;
  /** Finishes the file (footer, `messageCount`) and resolves once every byte is flushed. */
  end(): Promise<void>;
  /** Bytes written so far, for `--partition 10mb`. */
  readonly bytesWritten: number;
}
