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
  /** Flushes everything and closes the destination. */
  close(): Promise<void>;
  /** Bytes handed to the destination so far (UTF-8). */
  readonly bytesWritten: number;
}

/** A sink over any writable stream, honouring its backpressure. */
export class StreamSink implements ByteSink {
  #bytes = 0;
  #failure: Error | undefined;

  constructor(private readonly stream: Writable) {
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
    const bytes = Buffer.from(text, 'utf8');
    this.#bytes += bytes.length;
    if (!this.stream.write(bytes)) await this.#drained();
  }

  async close(): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.stream.end();
    // Waits for 'close' too, so a file is complete on disk when this resolves.
    await finished(this.stream);
  }

  async #drained(): Promise<void> {
    // `once` rejects on 'error', so a failing destination does not leave the writer waiting.
    await once(this.stream, 'drain');
  }
}

/** Opens `path` for writing (creating its folder), as a sink. */
export async function openFileSink(path: string): Promise<StreamSink> {
  await mkdir(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return new StreamSink(stream);
}
