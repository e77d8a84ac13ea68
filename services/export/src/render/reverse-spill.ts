import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportMessage } from '../model/export-document.js';
import { openFileSink, type StreamSink } from '../writers/file-sink.js';

const chunkBytes = 64 * 1024;
const newline = 0x0a;

/**
 * Gives back messages newest first, in constant memory, from one forward pass: each message is
 * appended to a temporary file as one JSON line (JSON.stringify never writes a raw newline), and the
 * file is then read from its end in 64 KiB chunks, line by line. Memory is one chunk plus the longest
 * message; disk is about the size of the kept messages, and the file is removed by `dispose()`.
 */
export class ReverseSpill {
  #sink: StreamSink | undefined;
  #count = 0;

  private constructor(
    private readonly dir: string,
    private readonly path: string,
  ) {}

  /** Creates the spill file in a folder of its own under `parent` (the system's temporary folder by default). */
  static async create(parent = tmpdir()): Promise<ReverseSpill> {
    const dir = await mkdtemp(join(parent, 'export-reverse-'));
    const spill = new ReverseSpill(dir, join(dir, 'messages.ndjson'));
    spill.#sink = await openFileSink(spill.path);
    return spill;
  }

  get count(): number {
    return this.#count;
  }

  append(message: ExportMessage): Promise<void> {
    if (!this.#sink) throw new Error('ReverseSpill: append after reading began');
    this.#count++;
    return this.#sink.write(`${JSON.stringify(message)}\n`);
  }

  /** The appended messages, last first. Appending ends when reading begins. */
  async *newestFirst(): AsyncGenerator<ExportMessage> {
    const sink = this.#sink;
    this.#sink = undefined;
    if (sink) await sink.close();
    const file = await open(this.path, 'r');
    try {
      let position = (await file.stat()).size;
      // The start of a line whose beginning lies in a chunk not read yet.
      let partial = Buffer.alloc(0);
      while (position > 0) {
        const size = Math.min(chunkBytes, position);
        position -= size;
        const chunk = Buffer.allocUnsafe(size);
        await file.read(chunk, 0, size, position);
        const data = partial.length === 0 ? chunk : Buffer.concat([chunk, partial]);
        let end = data.length;
        for (let start = data.lastIndexOf(newline, end - 1); start >= 0; start = data.lastIndexOf(newline, end - 1)) {
          if (end > start + 1) yield JSON.parse(data.toString('utf8', start + 1, end)) as ExportMessage;
          end = start;
          if (end === 0) break;
        }
        partial = Buffer.from(data.subarray(0, end));
      }
      if (partial.length > 0) yield JSON.parse(partial.toString('utf8')) as ExportMessage;
    } finally {
      await file.close();
    }
  }

  /** Removes the spill file and its folder. */
  async dispose(): Promise<void> {
    await this.#sink?.close();
    this.#sink = undefined;
    await rm(this.dir, { recursive: true, force: true });
  }
}
