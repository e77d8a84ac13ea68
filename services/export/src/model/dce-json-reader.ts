import { createReadStream } from 'node:fs';
import { DceJsonScanner } from './dce-json-scanner.js';
import type { ExportHeader, ExportMessage } from './export-document.js';

/** A file that cannot be read as a DCE JSON export, with where and why. */
export class DceJsonReadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read ${path} as a DiscordChatExporter JSON export: ${reason}`, options);
    this.name = 'DceJsonReadError';
  }
}

/** An open export: its header, then its messages one at a time, in file order. */
export interface DceJsonExport {
  readonly header: ExportHeader;
  /** Iterable once; breaking out of the loop closes the file. */
  readonly messages: AsyncIterable<ExportMessage>;
  /** Closes the file without reading the rest. */
  close(): void;
}

const chunkBytes = 64 * 1024;

/**
 * Opens a DCE JSON export and reads it as a stream: the header is ready when this resolves, and the
 * file is read on, 64 KiB at a time, only as the consumer takes the messages. So a file of a million
 * messages is read in the memory of one chunk and the messages in it.
 */
export async function openDceJson(path: string): Promise<DceJsonExport> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  const chunks: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const scanner = new DceJsonScanner();

  /** Feeds the next chunk to the scanner; false at the end of the file. */
  const feed = async (): Promise<boolean> => {
    try {
      const next = await chunks.next();
      if (next.done) scanner.end();
      else scanner.push(next.value);
      return !next.done;
    } catch (error) {
      stream.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new DceJsonReadError(path, reason, { cause: error });
    }
  };

  while (!scanner.header) {
    if (!(await feed())) break;
  }
  const header = scanner.header;
  if (!header) throw new DceJsonReadError(path, 'no "messages" array');

  async function* messages(): AsyncGenerator<ExportMessage> {
    try {
      do yield* scanner.take();
      while (await feed());
      yield* scanner.take();
    } finally {
      stream.destroy();
    }
  }

  return { header, messages: messages(), close: () => stream.destroy() };
}
