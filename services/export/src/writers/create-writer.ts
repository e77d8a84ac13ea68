import { CsvWriter } from './csv-writer.js';
import { type ByteSink, openFileSink } from './file-sink.js';
import { HtmlWriter, type HtmlWriterOptions } from './html/html-writer.js';
import { JsonWriter } from './json-writer.js';
import type { ExportFormat, MessageWriter, RenderOptions } from './message-writer.js';
import { PlainTextWriter } from './plain-text-writer.js';

/**
 * The writer of `format` over `sink`; the writer owns the sink and closes it in `end()`. `html` is for the
 * HTML formats only (`--reverse`'s grouping, the guild's roles and channels).
 */
export function createWriter(
  format: ExportFormat,
  sink: ByteSink,
  options: RenderOptions,
  html: HtmlWriterOptions = {},
): MessageWriter {
  switch (format) {
    case 'Json':
      return new JsonWriter(sink, options);
    case 'Csv':
      return new CsvWriter(sink, options);
    case 'PlainText':
      return new PlainTextWriter(sink, options);
    case 'HtmlDark':
      return new HtmlWriter(sink, 'dark', options, html);
    case 'HtmlLight':
      return new HtmlWriter(sink, 'light', options, html);
  }
}

/** The writer of `format` over a new file at `path`. */
export async function openFileWriter(
  format: ExportFormat,
  path: string,
  options: RenderOptions,
  html: HtmlWriterOptions = {},
): Promise<MessageWriter> {
  const sink = await openFileSink(path);
  try {
    return createWriter(format, sink, options, html);
  } catch (error) {
    await sink.close();
    throw error;
  }
}
