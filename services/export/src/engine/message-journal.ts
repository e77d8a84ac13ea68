import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExportMessage } from '../model/export-document.js';
import { ExportStateCorruptError } from './export-errors.js';

const batchBytes = 64 * 1024;

/**
 * The messages an export's files hold, oldest first, one JSON line each (JSON.stringify writes no
 * raw line break). A checkpoint records how many bytes of it are synced; a resume cuts off whatever
 * a crash left after that and renders the rest into fresh files, so no output file needs to be
 * durable or readable back.
 */
export class MessageJournal {
  #batch: string[] = [];
  #batchSize = 0;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private bytesSoFar: number,
    private messagesSoFar: number,
  ) {}

  /** Opens the journal keeping its first `bytes` (holding `messages` messages) and dropping the rest. */
  static async open(path: string, bytes: number, messages: number): Promise<MessageJournal> {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a+');
    try {
      const size = (await file.stat()).size;
      if (size < bytes) {
        throw new ExportStateCorruptError(path, `it holds ${size} bytes where the checkpoint synced ${bytes}`);
      }
      await file.truncate(bytes);
      await file.sync();
      return new MessageJournal(path, file, bytes, messages);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Bytes appended, synced or not. */
  get bytes(): number {
    return this.bytesSoFar;
  }

  get messages(): number {
    return this.messagesSoFar;
  }

  async append(message: ExportMessage): Promise<void> {
    const line = `${JSON.stringify(message)}\n`;
    const size = Buffer.byteLength(line);
    this.#batch.push(line);
    this.#batchSize += size;
    this.bytesSoFar += size;
    this.messagesSoFar++;
    if (this.#batchSize >= batchBytes) await this.#flush();
  }

  /** Everything appended is on disk once this resolves: what a checkpoint may then count on. */
  async sync(): Promise<void> {
    await this.#flush();
    await this.file.sync();
  }

  async close(): Promise<void> {
    await this.#flush();
    await this.file.close();
  }

  /** The journal's messages from the start, read as a stream; appended ones are flushed first. */
  async *read(): AsyncGenerator<ExportMessage> {
    await this.#flush();
    let count = 0;
    if (this.bytesSoFar === 0) return;
    const lines = createInterface({ input: createReadStream(this.path, { end: this.bytesSoFar - 1 }) });
    for await (const line of lines) {
      if (line === '') continue;
      count++;
      yield JSON.parse(line) as ExportMessage;
    }
    if (count !== this.messagesSoFar) {
      throw new ExportStateCorruptError(
        this.path,
        `it holds ${count} messages where ${this.messagesSoFar} were written`,
      );
    }
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const text = this.#batch.join('');
    this.#batch = [];
    this.#batchSize = 0;
    await this.file.appendFile(text, 'utf8');
  }
}
