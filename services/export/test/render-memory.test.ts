import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExport } from '../src/render/render-export.js';
import { headerJson, messageJson } from '../src/writers/dce-json-layout.js';
import { generatedMessages } from './export-files.js';
import { author, plainMessage, sampleHeader, utcOptions } from './export-fixtures.js';
import { settledHeap } from './settled-heap.js';

const count = 200_000;
let dir: string;
let input: string;

/** Writes the input quickly: one message laid out once, its id, date and content changed per line. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-memory-'));
  input = join(dir, 'large.json');
  const template = messageJson(
    { ...plainMessage('@ID@', '@CONTENT@', '@TIME@'), author: { ...author, roles: [] } },
    (text) => text,
  );
  const out = createWriteStream(input);
  out.write(headerJson(sampleHeader(), (text) => text));
  let i = 0;
  for (const { id, timestamp } of generatedMessages(count)) {
    const text = template.replace('@ID@', id).replace('@TIME@', timestamp).replace('@CONTENT@', `Message ${i}`);
    if (!out.write(`${i++ === 0 ? '' : ','}\n    ${text}`)) await once(out, 'drain');
  }
  out.end(`\n  ],\n  "messageCount": ${count}\n}`);
  await once(out, 'close');
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('render memory', () => {
  it('renders 200,000 messages newest first with a filter in bounded heap', async () => {
    const inputBytes = (await stat(input)).size;
    const start = settledHeap();
    let peak = start;
    let seen = 0;
    // Samples the settled heap through both passes (reading forwards, then the spill backwards).
    const sampler = setInterval(() => {
      peak = Math.max(peak, settledHeap());
    }, 250);
    const result = await renderExport({
      input,
      outputs: () => [{ format: 'Json', path: join(dir, 'out.json') }],
      filter: (message) => {
        seen++;
        return !message.content.endsWith('7');
      },
      reverse: true,
      options: utcOptions,
      tempDir: dir,
    }).finally(() => clearInterval(sampler));
    expect(seen).toBe(count);
    expect(result.messages).toBe(count - count / 10);
    const growth = Math.max(peak, settledHeap()) - start;
    // The input alone is over 100 MB and would be several times that as objects; streaming keeps
    // the growth to buffers and a few hundred messages.
    expect(inputBytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(growth).toBeLessThan(32 * 1024 * 1024);
    expect((await stat(join(dir, 'out.json'))).size).toBeGreaterThan(inputBytes * 0.85);
  }, 180_000);
});
