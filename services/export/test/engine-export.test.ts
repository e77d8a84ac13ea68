import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportChannel } from '../src/engine/export-channel.js';
import { ExportRequestError } from '../src/engine/export-errors.js';
import { FilterSyntaxError } from '../src/filter/filter-syntax-error.js';
import { isPartitionFull, type PartitionLimit } from '../src/options/partition-limit.js';
import { isoAt } from '../src/render/header-dates.js';
import { renderExport } from '../src/render/render-export.js';
import type { ExportFormat } from '../src/writers/message-writer.js';
import { channelMessages, listSource, readOutputs } from './engine-sources.js';
import { readJsonExport, writeJsonExport } from './export-files.js';
import { sampleHeader, utcOptions } from './export-fixtures.js';

const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const formats: ExportFormat[] = ['Json', 'Csv', 'PlainText', 'HtmlDark'];
const extension: Record<ExportFormat, string> = {
  Json: 'json',
  Csv: 'csv',
  PlainText: 'txt',
  HtmlDark: 'html',
  HtmlLight: 'html',
};
const outputsIn = (dir: string, names = formats) =>
  names.map((format) => ({ format, path: join(dir, `channel.${extension[format]}`) }));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exportChannel', () => {
  it('writes every format in one pass, each partitioned on its own, as render writes the same messages', async () => {
    const messages = channelMessages(40);
    const source = listSource(messages, { pageSize: 7 });
    const partition: PartitionLimit = { kind: 'bytes', bytes: 2500 };
    const live = join(dir, 'live');
    const result = await exportChannel({
      source,
      outputs: outputsIn(live),
      partition,
      options: utcOptions,
      now: () => now,
    });

    expect(source.ranges).toHaveLength(1);
    expect(result.messages).toBe(40);
    expect(result.files.map((file) => file.format)).toEqual(formats);
    const counts = result.files.map((file) => file.paths.length);
    // The formats reach the size limit at different messages, so they split differently.
    expect(new Set(counts).size).toBeGreaterThan(1);
    expect(Math.min(...counts), String(counts)).toBeGreaterThan(1);

    const input = join(dir, 'input.json');
    await writeJsonExport(input, messages, sampleHeader({ exportedAt: isoAt(now) }));
    const rendered = join(dir, 'rendered');
    await renderExport({
      input,
      outputs: () => outputsIn(rendered),
      partition: (inFile, bytes) => isPartitionFull(partition, inFile, bytes),
      options: utcOptions,
    });
    const expected = await readOutputs(rendered);
    expect([...(await readOutputs(live)).keys()]).toEqual([...expected.keys()]);
    expect(await readOutputs(live)).toEqual(expected);
  });

  it('keeps the messages strictly within the bounds that pass the filter', async () => {
    const messages = channelMessages(20);
    const ids = messages.map((message) => message.id);
    const bounds = { after: ids[2], before: ids[15] };
    const result = await exportChannel({
      source: listSource(messages),
      outputs: outputsIn(dir, ['Json']),
      bounds,
      filter: '-has:embed',
      options: utcOptions,
    });
    const kept = messages.filter((message, index) => index > 2 && index < 15 && message.embeds.length === 0);
    const { header, messages: written } = await readJsonExport(join(dir, 'channel.json'));
    expect(written.map((message) => message.id)).toEqual(kept.map((message) => message.id));
    expect(result.messages).toBe(kept.length);
    expect(header.dateRange.after).not.toBeNull();
    expect(header.dateRange.before).not.toBeNull();
    // The filter dropped some of the 12 messages within the bounds.
    expect(kept.length).toBeLessThan(12);
  });

  it('writes newest first with --reverse, the newest in the first part', async () => {
    const messages = channelMessages(11);
    const result = await exportChannel({
      source: listSource(messages),
      outputs: outputsIn(dir, ['Json']),
      partition: { kind: 'messages', count: 4 },
      reverse: true,
      options: utcOptions,
    });
    const [json] = result.files;
    expect(json?.paths).toEqual([
      join(dir, 'channel.json'),
      join(dir, 'channel [part 2].json'),
      join(dir, 'channel [part 3].json'),
    ]);
    const ids = [];
    for (const path of json?.paths ?? []) ids.push(...(await readJsonExport(path)).messages.map((m) => m.id));
    expect(ids).toEqual(messages.map((message) => message.id).reverse());
    // The spill lay in the state folder; neither is left behind.
    expect(existsSync(result.stateDir)).toBe(false);
  });

  it('reports progress after each page and localizes only the kept messages', async () => {
    const messages = channelMessages(12);
    const progress: { messages: number; progress: number }[] = [];
    const localized: string[] = [];
    const result = await exportChannel({
      source: listSource(messages, { pageSize: 5 }),
      outputs: outputsIn(dir, ['Json']),
      filter: 'has:file',
      options: utcOptions,
      localize: async (message) => {
        localized.push(message.id);
        return {
          ...message,
          attachments: message.attachments.map((file) => ({ ...file, url: `media/${file.fileName}` })),
        };
      },
      onProgress: (update) => progress.push(update),
    });
    const withFiles = messages.filter((message) => message.attachments.length > 0);
    expect(localized).toEqual(withFiles.map((message) => message.id));
    expect(progress.map((update) => update.progress)).toEqual([1 / 3, 2 / 3, 1]);
    expect(progress.at(-1)?.messages).toBe(withFiles.length);
    const { messages: written } = await readJsonExport(join(dir, 'channel.json'));
    expect(written.flatMap((message) => message.attachments.map((file) => file.url))).toEqual(
      withFiles.flatMap((message) => message.attachments.map((file) => `media/${file.fileName}`)),
    );
    expect(result.newMessages).toBe(withFiles.length);
  });

  it('writes one empty file per format for a channel with nothing in range, and leaves no state', async () => {
    const result = await exportChannel({
      source: listSource([]),
      outputs: outputsIn(dir, ['Json', 'Csv']),
      options: utcOptions,
    });
    expect(result.messages).toBe(0);
    expect(result.files.map((file) => file.paths.length)).toEqual([1, 1]);
    expect((await readJsonExport(join(dir, 'channel.json'))).messages).toEqual([]);
    expect(existsSync(result.stateDir)).toBe(false);
    expect(result.stateDir).toBe(join(dir, '.channel.json.export'));
  });

  it('refuses requests it cannot carry out, naming what to change', async () => {
    const source = listSource(channelMessages(2));
    await expect(exportChannel({ source, outputs: [], options: utcOptions })).rejects.toThrow(ExportRequestError);
    const path = join(dir, 'same.out');
    await expect(
      exportChannel({
        source,
        outputs: [
          { format: 'Json', path },
          { format: 'Csv', path },
        ],
        options: utcOptions,
      }),
    ).rejects.toThrow(/give each format its own path/);
    await expect(
      exportChannel({ source, outputs: outputsIn(dir, ['Json']), filter: 'from:', options: utcOptions }),
    ).rejects.toThrow(FilterSyntaxError);
  });
});
