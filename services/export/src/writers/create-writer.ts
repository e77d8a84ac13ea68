import { CsvWriter } from './csv-writer.js';
import { type ByteSink, openFileSink } from './file-sink.js';
import { JsonWriter } from './json-writer.js';
import type { ExportFormat, MessageWriter, RenderOptions } from './message-writer.js';
import { PlainTextWriter } from './plain-text-writer.js';

/** A format this build cannot write yet. */
export class UnsupportedFormatError extends Error {
  constructor(readonly format: ExportFormat) {
    super(`The ${format} format is not available in this build`);
    this.name = 'UnsupportedFormatError';
  }
}

/** The writer of `format` over `sink`; the writer owns the sink and closes it in `end()`. */
export function createWriter(format: ExportFormat, sink: ByteSink, options: RenderOptions): MessageWriter {
  switch (format) {
    case 'Json':
      return new JsonWriter(sink, options);
    case 'Csv':
      return new CsvWriter(sink, options);
    case 'PlainText':
      return new PlainTextWriter(sink, options);
    case 'HtmlDark':
    case 'HtmlLight':
      // The HTML writer (src/writers/html/html-writer.ts) plugs in here once it lands.
      throw new UnsupportedFormatError(format);
  }
}

/** The writer of `format` over a new file at `path`. */
export async function openFileWriter(
  format: ExportFormat,
  path: string,
  options: RenderOptions,
): Promise<MessageWriter> {
  const sink = await openFileSink(path);
  try {
    return createWriter(format, sink, options);
  } catch (error) {
    await sink.close();
    throw error;
  }
}
