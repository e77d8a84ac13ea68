import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportHeader, ExportMessage } from '../src/model/export-document.js';
import { PartitionedWriter, type PartitionRule } from '../src/render/partitioner.js';
import { openFileWriter } from '../src/writers/create-writer.js';
import type { MessageWriter } from '../src/writers/message-writer.js';
import { atBytes, atMessages, generatedMessages } from './export-files.js';
import { sampleHeader, utcOptions } from './export-fixtures.js';

/** A file of a writer whose size is known in advance: 100 bytes of preamble, 10 per message. */
class SizedWriter implements MessageWriter {
  readonly format = 'Json' as const;
  readonly messages: string[] = [];
  bytesWritten = 0;
  ended = false;

  constructor(readonly path: string) {}

  async begin(_header: ExportHeader): Promise<void> {
    this.bytesWritten = 100;
  }
  async write(message: ExportMessage): Promise<void> {
    if (this.ended) throw new Error('write after end');
    this.messages.push(message.id);
    this.bytesWritten += 10;
  }
  async end(): Promise<void> {
    this.ended = true;
  }
}

async function partition(count: number, isFull: PartitionRule | undefined) {
  const files: SizedWriter[] = [];
  const open = async (path: string) => {
    const file = new SizedWriter(path);
    files.push(file);
    return file;
  };
  const writer = new PartitionedWriter({ basePath: 'out/export.json', header: sampleHeader(), isFull, open });
  for (const message of generatedMessages(count)) await writer.write(message);
  const paths = await writer.end();
  expect(files.every((file) => file.ended)).toBe(true);
  expect(paths).toEqual(files.map((file) => file.path));
  return files;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-partition-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PartitionedWriter', () => {
  it('splits by message count as DCE’s -p 3 does: 3, 3, 2', async () => {
    const files = await partition(8, atMessages(3));
    expect(files.map((file) => file.messages.length)).toEqual([3, 3, 2]);
    expect(files.map((file) => file.path)).toEqual([
      'out/export.json',
      'out/export [part 2].json',
      'out/export [part 3].json',
    ]);
    const ids = [...generatedMessages(8)].map((message) => message.id);
    expect(files.flatMap((file) => file.messages)).toEqual(ids);
  });

  it('checks a size limit before each message, preamble included, so it is soft by one message', async () => {
    // 100 + 2 × 10 = 120 is under 125, so a third message goes in; at 130 the file is full.
    const files = await partition(8, atBytes(125));
    expect(files.map((file) => file.messages.length)).toEqual([3, 3, 2]);
  });

  it('puts one message in each file when the preamble alone reaches the limit, as DCE’s -p 1kb on HTML', async () => {
    const files = await partition(8, atBytes(100));
    expect(files.map((file) => file.messages.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('writes one file without a limit, and one empty file when there are no messages', async () => {
    expect((await partition(50, undefined)).map((file) => file.messages.length)).toEqual([50]);
    expect((await partition(0, atMessages(3))).map((file) => file.messages.length)).toEqual([0]);
  });

  it('makes each file a whole JSON document whose messageCount is its own', async () => {
    const base = join(dir, 'channel.json');
    const open = (path: string) => openFileWriter('Json', path, utcOptions);
    const writer = new PartitionedWriter({ basePath: base, header: sampleHeader(), isFull: atMessages(3), open });
    for (const message of generatedMessages(7)) await writer.write(message);
    const paths = await writer.end();
    expect(writer.messagesWritten).toBe(7);
    const documents = await Promise.all(paths.map(async (path) => JSON.parse(await readFile(path, 'utf8'))));
    expect(documents.map((document) => document.messageCount)).toEqual([3, 3, 1]);
    expect(documents.map((document) => document.messages.length)).toEqual([3, 3, 1]);
    expect(documents.every((document) => document.channel.id === sampleHeader().channel.id)).toBe(true);
  });
});
