import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { partitionPath } from '../options/output-path.js';
import type { MessageWriter } from '../writers/message-writer.js';

/** Opens the writer of one file. */
export type OpenWriter = (path: string) => Promise<MessageWriter>;

/**
 * Whether a file with this many messages and bytes is full: `--partition` as parsed, for example
 * `(messages, bytes) => isPartitionFull(limit, messages, bytes)` (src/options/partition-limit.ts).
 */
export type PartitionRule = (messagesInFile: number, bytesInFile: number) => boolean;

export interface PartitionedWriterOptions {
  /** The first file; the next ones are named by partitionPath. */
  basePath: string;
  /**
   * The 0-based part of the first file written: 0 writes `basePath` itself; an incremental run adding to
   * a target that already holds two files passes 2 and starts at `name [part 3].ext`.
   */
  firstPart?: number;
  header: ExportHeader;
  /** No rule: one file. */
  isFull?: PartitionRule;
  open: OpenWriter;
}

/**
 * One output split into files as DCE splits it: before each message, when the current file has
 * reached the limit (messages in it, or bytes written to it, the preamble included), the file is
 * finished and the next one opened. So every file holds at least one message, a size limit is soft
 * by one message and the footer, and an export of no messages still writes one (empty) file. Each
 * file is a whole document with the same header. Shared by `render` and the live export.
 */
export class PartitionedWriter {
  readonly #paths: string[] = [];
  #current: MessageWriter | undefined;
  #inFile = 0;
  #total = 0;

  constructor(private readonly options: PartitionedWriterOptions) {}

  /** The files opened so far, in order. */
  get paths(): readonly string[] {
    return this.#paths;
  }

  /** Messages written across all files. */
  get messagesWritten(): number {
    return this.#total;
  }

  async write(message: ExportMessage): Promise<void> {
    let writer = this.#current;
    if (writer && this.options.isFull?.(this.#inFile, writer.bytesWritten)) {
      this.#current = undefined;
      await writer.end();
      writer = undefined;
    }
    writer ??= await this.#next();
    await writer.write(message);
    this.#inFile++;
    this.#total++;
  }

  /** Finishes the last file and returns every file written, in order. */
  async end(): Promise<readonly string[]> {
    const writer = this.#current ?? (this.#paths.length === 0 ? await this.#next() : undefined);
    this.#current = undefined;
    await writer?.end();
    return this.#paths;
  }

  async #next(): Promise<MessageWriter> {
    const path = partitionPath(this.options.basePath, (this.options.firstPart ?? 0) + this.#paths.length);
    const writer = await this.options.open(path);
    this.#paths.push(path);
    await writer.begin(this.options.header);
    this.#current = writer;
    this.#inFile = 0;
    return writer;
  }
}
