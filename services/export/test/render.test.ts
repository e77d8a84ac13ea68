import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DceJsonReadError } from '../src/model/dce-json-reader.js';
import type { ExportHeader, ExportMessage } from '../src/model/export-document.js';
import { parseMessageBound } from '../src/options/message-bound.js';
import { type RenderRequest, renderExport } from '../src/render/render-export.js';
import { atBytes, atMessages, readJsonExport, writeJsonExport } from './export-files.js';
import { plainMessage, richMessage, sampleHeader, utcOptions } from './export-fixtures.js';

/** DCE's DateRange fixture channel (reference §3): ids, times and contents. */
const fixture: [string, string, string][] = [
  ['866674314627121232', '2021-07-19T13:34:18.187+00:00', 'Hello world'],
  ['866710679758045195', '2021-07-19T15:58:48.195+00:00', 'Goodbye world'],
  ['866732113319428096', '2021-07-19T17:23:58.402+00:00', 'Foo bar'],
  ['868490009366396958', '2021-07-24T13:49:13.447+00:00', 'Hurdle Durdle'],
  ['868505966528835604', '2021-07-24T14:52:38.078+00:00', 'One'],
  ['868505969821364245', '2021-07-24T14:52:38.863+00:00', 'Two'],
  ['868505973294268457', '2021-07-24T14:52:39.691+00:00', 'Three'],
  ['885169254029213696', '2021-09-08T14:26:35.616+00:00', 'Yeet'],
];
const messages = fixture.map(([id, timestamp, content]) => plainMessage(id, content, timestamp));
const contents = (list: readonly ExportMessage[]) => list.map((message) => message.content);

let dir: string;
let input: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-render-'));
  input = join(dir, 'input.json');
  await writeJsonExport(input, messages);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A rendered JSON file read back, with the messageCount it declares. */
async function readJson(path: string) {
  const { header, messages: read } = await readJsonExport(path);
  return { header, messages: read, messageCount: JSON.parse(await readFile(path, 'utf8')).messageCount };
}

function render(request: Partial<RenderRequest> = {}) {
  return renderExport({
    input,
    outputs: () => [{ format: 'Json', path: join(dir, 'out', 'output.json') }],
    options: utcOptions,
    tempDir: dir,
    ...request,
  });
}

describe('renderExport', () => {
  it('re-renders to several formats in one pass, each with every message', async () => {
    const seen: ExportHeader[] = [];
    const result = await render({
      outputs: (header) => {
        seen.push(header);
        return [
          { format: 'Json', path: join(dir, 'out', `${header.channel.name}.json`) },
          { format: 'Csv', path: join(dir, 'out', `${header.channel.name}.csv`) },
          { format: 'PlainText', path: join(dir, 'out', `${header.channel.name}.txt`) },
        ];
      },
    });
    expect(seen.map((header) => header.channel.name)).toEqual(['date-range']);
    expect(result.messages).toBe(8);
    expect(result.files.map((file) => file.format)).toEqual(['Json', 'Csv', 'PlainText']);
    const json = await readJson(join(dir, 'out', 'date-range.json'));
    expect(json.messages).toEqual(messages);
    expect(json.header).toEqual(sampleHeader());
    const rows: string[][] = parse(await readFile(join(dir, 'out', 'date-range.csv'), 'utf8'));
    expect(rows.slice(1).map((row) => row[3])).toEqual(contents(messages));
    const text = await readFile(join(dir, 'out', 'date-range.txt'), 'utf8');
    for (const content of contents(messages)) expect(text).toContain(`tyrrrz\n${content}\n`);
    expect(text).toContain('Exported 8 message(s)');
  });

  it('applies --after and --before as DCE’s DateRangeSpecs do, and narrows the dateRange', async () => {
    const bounds = {
      after: parseMessageBound('2021-07-24T00:00:00Z').id,
      before: parseMessageBound('2021-08-01T00:00Z').id,
    };
    await render({ bounds });
    const { header, messages: kept } = await readJson(join(dir, 'out', 'output.json'));
    expect(contents(kept)).toEqual(['Hurdle Durdle', 'One', 'Two', 'Three']);
    expect(header.dateRange).toEqual({ after: '2021-07-24T00:00:00+00:00', before: '2021-08-01T00:00:00+00:00' });
  });

  it('keeps the file’s own range where it is narrower than the bounds', async () => {
    const narrow = { after: '2021-07-24T10:00:00+00:00', before: null };
    await writeJsonExport(input, messages.slice(3), sampleHeader({ dateRange: narrow }));
    await render({ bounds: { after: parseMessageBound('2021-07-20T00:00:00Z').id } });
    expect((await readJson(join(dir, 'out', 'output.json'))).header.dateRange).toEqual(narrow);
  });

  it('writes an empty document when nothing is left, as DCE does for a range before the channel', async () => {
    const result = await render({ bounds: { before: parseMessageBound('2020-08-01T00:00:00Z').id } });
    expect(result.messages).toBe(0);
    const { messages: kept, messageCount } = await readJson(join(dir, 'out', 'output.json'));
    expect(kept).toEqual([]);
    expect(messageCount).toBe(0);
  });

  it('applies a filter to every message', async () => {
    await render({ filter: (message) => message.content.endsWith('world') });
    expect(contents((await readJson(join(dir, 'out', 'output.json'))).messages)).toEqual([
      'Hello world',
      'Goodbye world',
    ]);
  });

  it('reverses, then partitions: the first file holds the newest messages', async () => {
    const result = await render({ reverse: true, partition: atMessages(3) });
    const [json] = result.files;
    expect(json?.paths).toEqual([
      join(dir, 'out', 'output.json'),
      join(dir, 'out', 'output [part 2].json'),
      join(dir, 'out', 'output [part 3].json'),
    ]);
    const parts = await Promise.all((json?.paths ?? []).map(readJson));
    expect(parts.map((part) => part.messageCount)).toEqual([3, 3, 2]);
    expect(parts.flatMap((part) => contents(part.messages))).toEqual(contents(messages).reverse());
    // The spill file is gone.
    expect((await readdir(dir)).sort()).toEqual(['input.json', 'out']);
  });

  it('combines bounds, filter, reverse and a size partition', async () => {
    await writeJsonExport(input, [...messages, richMessage('885169254029213697')]);
    const result = await render({
      bounds: { after: messages[2]?.id },
      filter: (message) => message.content !== 'Two',
      reverse: true,
      partition: atBytes(1),
    });
    const paths = result.files[0]?.paths ?? [];
    const parts = await Promise.all(paths.map(readJson));
    expect(parts.map((part) => part.messageCount)).toEqual([1, 1, 1, 1, 1]);
    expect(parts.map((part) => part.messages[0]?.id)).toEqual([
      '885169254029213697',
      '885169254029213696',
      '868505973294268457',
      '868505966528835604',
      '868490009366396958',
    ]);
    expect(parts[0]?.messages[0]).toEqual(richMessage('885169254029213697'));
  });

  it('refuses to write over its own input, before writing anything', async () => {
    const before = await readFile(input, 'utf8');
    await expect(render({ outputs: () => [{ format: 'Csv', path: input }] })).rejects.toThrow(/is the input itself/);
    expect(await readFile(input, 'utf8')).toBe(before);
  });

  it('fails on a broken input with the reader’s error and leaves no output behind', async () => {
    const text = await readFile(input, 'utf8');
    await writeFile(input, text.slice(0, Math.floor(text.length * 0.6)));
    await expect(render({ partition: atMessages(1) })).rejects.toBeInstanceOf(DceJsonReadError);
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });
});
