import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Where a writer's bytes go: a file, an upload, a socket. */
export interface ByteSink {
  /** Resolves at once while the destination keeps up, and only after it drains when it does not. */
  write(text: string): Promise<void>;
  /** Hands everything written so far to the destination (a checkpoint can then rely on it). */
  flush(): Promise<void>;
  /** Flushes everything and closes the destination. */
  close(): Promise<void>;
  /** Bytes written so far (UTF-8), whether or not they have left the batch yet. */
  readonly bytesWritten: number;
}

/** Text gathered before it goes to the stream: one write per batch, not one per message. */
const defaultBatchBytes = 64 * 1024;

/** A sink over any writable stream, batching small writes and honouring the stream's backpressure. */
export class StreamSink implements ByteSink {
  #bytes = 0;
  #batch: string[] = [];
  #batchBytes = 0;
  #failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly batchBytes = defaultBatchBytes,
  ) {
    // Remembered so the next write or close reports it instead of an unhandled 'error' event.
    stream.on('error', (error: Error) => {
      this.#failure = error;
    });
  }

  get bytesWritten(): number {
    return this.#bytes;
  }

  async write(text: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    const bytes = Buffer.byteLength(text);
    this.#bytes += bytes;
    this.#batch.push(text);
    this.#batchBytes += bytes;
    if (this.#batchBytes >= this.batchBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#batch.length === 0) return;
    const text = this.#batch.length === 1 ? (this.#batch[0] as string) : this.#batch.join('');
    this.#batch = [];
    this.#batchBytes = 0;
    // `once` rejects on 'error', so a failing destination does not leave the writer waiting.
    if (!this.stream.write(text, 'utf8')) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    // Waits for 'close' too, so a file is complete on disk when this resolves.
    await finished(this.stream);
  }
}

/** Opens `path` for writing (creating its folder), as a sink. */
export async function openFileSink(path: string): Promise<StreamSink> {
  await mkdir(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return new StreamSink(stream);
}
