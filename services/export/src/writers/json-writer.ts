import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { footerJson, headerJson, messageJson } from './dce-json-layout.js';
import type { ExportFormat } from './message-writer.js';
import { TextMessageWriter } from './text-message-writer.js';

/**
 * DCE's JSON export, streamed: the header when the file opens, each message as it comes (waiting
 * when the sink pushes back), and `messageCount` (of this file) at the end. Nothing of the document
 * is held but the count.
 */
export class JsonWriter extends TextMessageWriter {
  readonly format: ExportFormat = 'Json';
  readonly #date = (text: string): string => this.dates.json(text);

  protected preamble(header: ExportHeader): string {
    return headerJson(header, this.#date);
  }

  protected message(message: ExportMessage, index: number): string {
    return `${index === 0 ? '' : ','}\n    ${messageJson(message, this.#date)}`;
  }

  protected postamble(count: number): string {
    return footerJson(count);
  }
}
