import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { DateFormats } from './date-format.js';
import type { ByteSink } from './file-sink.js';
import type { ExportFormat, MessageWriter, RenderOptions } from './message-writer.js';

/**
 * A writer whose file is a preamble, one piece of text per message and a postamble, each written
 * to the sink as soon as it is made: what the JSON, CSV and text formats have in common.
 */
export abstract class TextMessageWriter implements MessageWriter {
  abstract readonly format: ExportFormat;
  protected readonly dates: DateFormats;
  #written = 0;

  constructor(
    private readonly sink: ByteSink,
    options: RenderOptions,
  ) {
    this.dates = new DateFormats(options);
  }

  get bytesWritten(): number {
    return this.sink.bytesWritten;
  }

  begin(header: ExportHeader): Promise<void> {
    return this.sink.write(this.preamble(header));
  }

  write(message: ExportMessage): Promise<void> {
    const text = this.message(message, this.#written);
    this.#written++;
    return this.sink.write(text);
  }

  async end(): Promise<void> {
    await this.sink.write(this.postamble(this.#written));
    await this.sink.close();
  }

  protected abstract preamble(header: ExportHeader): string;
  /** The text of the `index`th message (0-based) of this file. */
  protected abstract message(message: ExportMessage, index: number): string;
  /** The end of a file of `count` messages. */
  protected abstract postamble(count: number): string;
}
