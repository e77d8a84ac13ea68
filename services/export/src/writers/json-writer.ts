import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { DateFormats } from './date-format.js';
import { footerJson, headerJson, messageJson } from './dce-json-layout.js';
import type { ByteSink } from './file-sink.js';
import type { ExportFormat, MessageWriter, RenderOptions } from './message-writer.js';

/**
 * DCE's JSON export, streamed: the header when the file opens, each message as it comes (waiting
 * when the sink pushes back), and `messageCount` (of this file) at the end. Nothing of the document
 * is held but the count.
 */
export class JsonWriter implements MessageWriter {
  readonly format: ExportFormat = 'Json';
  readonly #dates: DateFormats;
  readonly #json = (text: string) => this.#dates.json(text);
  #count = 0;

  constructor(
    private readonly sink: ByteSink,
    options: RenderOptions,
  ) {
    this.#dates = new DateFormats(options);
  }

  get bytesWritten(): number {
    return this.sink.bytesWritten;
  }

  begin(header: ExportHeader): Promise<void> {
    return this.sink.write(headerJson(header, this.#json));
  }

  write(message: ExportMessage): Promise<void> {
    const separator = this.#count === 0 ? '\n    ' : ',\n    ';
    this.#count++;
    return this.sink.write(separator + messageJson(message, this.#json));
  }

  async end(): Promise<void> {
    await this.sink.write(footerJson(this.#count));
    await this.sink.close();
  }
}
