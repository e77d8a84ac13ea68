import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportMessage } from '../src/model/export-document.js';
import { ReverseSpill } from '../src/render/reverse-spill.js';
import { generatedMessages } from './export-files.js';
import { richMessage } from './export-fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-spill-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reversed(messages: Iterable<ExportMessage>): Promise<ExportMessage[]> {
  const spill = await ReverseSpill.create(dir);
  try {
    for (const message of messages) await spill.append(message);
    const out: ExportMessage[] = [];
    for await (const message of spill.newestFirst()) out.push(message);
    return out;
  } finally {
    await spill.dispose();
  }
}

describe('ReverseSpill', () => {
  it('gives the messages back last first, across many 64 KiB chunks', async () => {
    const messages = [...generatedMessages(3000)];
    expect(await reversed(messages)).toEqual(messages.reverse());
  });

  it('keeps messages longer than a chunk, with newlines and multi-byte text split across chunks', async () => {
    const long = 'ü🙂\n'.repeat(40_000);
    const messages = [...generatedMessages(5, (i) => (i % 2 ? long : `short ${i}`)), richMessage()];
    expect(await reversed(messages)).toEqual(messages.reverse());
  });

  it('handles no messages, and removes its file when disposed', async () => {
    expect(await reversed([])).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });
});
