import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileSink, StreamSink } from '../src/writers/file-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-sink-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A destination that takes a chunk only when the test releases it. */
function gatedWritable() {
  const pending: (() => void)[] = [];
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 8,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      pending.push(() => callback());
    },
  });
  return { stream, chunks, release: () => pending.shift()?.() };
}

describe('StreamSink', () => {
  it('waits for the destination to drain before a write past its buffer resolves', async () => {
    const { stream, chunks, release } = gatedWritable();
    const sink = new StreamSink(stream, 0);
    let resolved = false;
    const write = sink.write('more than eight bytes').then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['more than eight bytes']);
    expect(resolved).toBe(false);
    release();
    await write;
    expect(resolved).toBe(true);
  });

  it('gathers small writes into one write to the destination, counting them at once', async () => {
    const { stream, chunks, release } = gatedWritable();
    const sink = new StreamSink(stream, 100);
    for (let i = 0; i < 10; i++) await sink.write('abc');
    expect(chunks).toEqual([]);
    expect(sink.bytesWritten).toBe(30);
    const flushed = sink.flush();
    release();
    await flushed;
    expect(chunks).toEqual(['abc'.repeat(10)]);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const sink = await openFileSink(join(dir, 'count.txt'));
    await sink.write('Ünï🙂');
    expect(sink.bytesWritten).toBe(Buffer.byteLength('Ünï🙂'));
    await sink.close();
  });

  it('creates the folder and has the whole file on disk when close resolves', async () => {
    const path = join(dir, 'a', 'b', 'out.json');
    const sink = await openFileSink(path);
    const line = `${'x'.repeat(1000)}\n`;
    for (let i = 0; i < 1000; i++) await sink.write(line);
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe(line.repeat(1000));
    expect(sink.bytesWritten).toBe(1001 * 1000);
  });

  it('reports a failing destination on the next write instead of hanging', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const sink = new StreamSink(stream, 0);
    await expect(
      (async () => {
        for (let i = 0; i < 100; i++) await sink.write('chunk of data');
      })(),
    ).rejects.toThrow('disk full');
  });

  it('fails to open a path it cannot create, with the system’s reason', async () => {
    const file = join(dir, 'plain-file');
    await writeFile(file, '');
    await expect(openFileSink(join(file, 'x.json'))).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});
