import { statSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMessageSource, MessagePage } from '../src/engine/channel-message-source.js';
import { exportChannel } from '../src/engine/export-channel.js';
import { generatedMessages } from './export-files.js';
import { sampleHeader, utcOptions } from './export-fixtures.js';
import { settledHeap } from './settled-heap.js';

const count = 100_000;
const pageSize = 100;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A channel made page by page as it is read, as Discord gives it, so nothing but the engine could
 * hold the channel in memory. `atLastPage` runs just before the last page is handed over.
 */
function generatedSource(atLastPage: () => void): ChannelMessageSource {
  const { guild, channel } = sampleHeader();
  return {
    guild,
    channel,
    async *pages(): AsyncGenerator<MessagePage> {
      let page: MessagePage['messages'][number][] = [];
      let given = 0;
      for (const message of generatedMessages(count)) {
        page.push(message);
        if (page.length < pageSize) continue;
        given += page.length;
        if (given === count) atLastPage();
        yield { messages: page, progress: given / count };
        page = [];
      }
    },
  };
}

describe('engine memory', () => {
  it('exports 100,000 messages to JSON and CSV as they arrive, in bounded heap', async () => {
    const json = join(dir, 'c.json');
    let onDiskAtLastPage = 0;
    const start = settledHeap();
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, settledHeap());
    }, 250);
    const result = await exportChannel({
      source: generatedSource(() => {
        onDiskAtLastPage = statSync(json).size;
      }),
      outputs: [
        { format: 'Json', path: json },
        { format: 'Csv', path: join(dir, 'c.csv') },
      ],
      options: utcOptions,
    }).finally(() => clearInterval(sampler));
    expect(result.messages).toBe(count);
    const growth = Math.max(peak, settledHeap()) - start;
    const size = (await stat(json)).size;
    // The messages would be over 100 MB as objects; streaming keeps the growth to buffers and a page.
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    expect(growth).toBeLessThan(32 * 1024 * 1024);
    // Written as they arrived: when the source was still to give its last page, all but that page
    // (and a batch or two in flight) was already in the file.
    expect(onDiskAtLastPage).toBeGreaterThan(size * 0.99);
  }, 180_000);
});
