import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportChannel } from '../src/engine/export-channel.js';
import { ExportStateMismatchError } from '../src/engine/export-errors.js';
import type { ExportChannelRequest } from '../src/engine/export-request.js';
import { exportStatePaths } from '../src/engine/export-state-paths.js';
import { channelMessages, listSource, readOutputs } from './engine-sources.js';
import { readJsonExport } from './export-files.js';
import { utcOptions } from './export-fixtures.js';

const clock = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const all = channelMessages(50);
const ids = (messages: readonly { id: string }[]) => messages.map((message) => message.id);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-incremental-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(folder: string, overrides: Partial<ExportChannelRequest>): ExportChannelRequest {
  return {
    source: listSource([]),
    outputs: [
      { format: 'Json', path: join(folder, 'c.json') },
      { format: 'HtmlLight', path: join(folder, 'c.html') },
      { format: 'Csv', path: join(folder, 'c.csv') },
    ],
    partition: { kind: 'messages', count: 12 },
    options: utcOptions,
    now: () => clock,
    ...overrides,
  };
}

/** Every message of the JSON parts, in file order. */
async function jsonMessages(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) found.push(...ids((await readJsonExport(path)).messages));
  return found;
}

describe('incremental export', () => {
  it('appended: each run extends the files so they equal one export of everything', async () => {
    const folder = join(dir, 'appended');
    const source = listSource(all.slice(0, 20));
    const first = await exportChannel(request(folder, { source, incremental: 'append' }));
    expect(first.newMessages).toBe(20);
    const state = exportStatePaths(join(folder, 'c.json'));
    expect(JSON.parse(await readFile(state.cursor, 'utf8')).base.lastMessageId).toBe(all[19]?.id);

    source.messages.push(...all.slice(20, 43));
    const second = await exportChannel(request(folder, { source, incremental: 'append' }));
    expect(second).toMatchObject({ newMessages: 23, messages: 43, resumed: false });
    source.messages.push(...all.slice(43));
    const third = await exportChannel(request(folder, { source, incremental: 'append' }));
    expect(third).toMatchObject({ newMessages: 7, messages: 50 });
    // Each run asked the source only for what came after the last one.
    expect(source.ranges).toEqual([{}, { after: all[19]?.id }, { after: all[42]?.id }]);

    const fresh = join(dir, 'fresh');
    await exportChannel(request(fresh, { source: listSource(all) }));
    expect(await readOutputs(folder)).toEqual(await readOutputs(fresh));
    expect(await jsonMessages(third.files[0]?.paths ?? [])).toEqual(ids(all));
  });

  it('appended with --reverse: the newest messages move to the front, as in a fresh export', async () => {
    const folder = join(dir, 'reversed');
    const source = listSource(all.slice(0, 30));
    await exportChannel(request(folder, { source, incremental: 'append', reverse: true }));
    source.messages.push(...all.slice(30));
    await exportChannel(request(folder, { source, incremental: 'append', reverse: true }));
    const fresh = join(dir, 'fresh');
    await exportChannel(request(fresh, { source: listSource(all), reverse: true }));
    expect(await readOutputs(folder)).toEqual(await readOutputs(fresh));
  });

  it('as a new partition: each run adds part files holding only the new messages', async () => {
    const folder = join(dir, 'partitioned');
    const source = listSource(all.slice(0, 20));
    const first = await exportChannel(request(folder, { source, incremental: 'partition' }));
    expect(first.files[0]?.paths).toEqual([join(folder, 'c.json'), join(folder, 'c [part 2].json')]);

    source.messages.push(...all.slice(20, 45));
    const second = await exportChannel(request(folder, { source, incremental: 'partition' }));
    expect(second.files[0]?.paths).toEqual([
      join(folder, 'c [part 3].json'),
      join(folder, 'c [part 4].json'),
      join(folder, 'c [part 5].json'),
    ]);
    expect(second.files[1]?.paths.at(-1)).toBe(join(folder, 'c [part 5].html'));
    expect(second).toMatchObject({ messages: 25, newMessages: 25 });
    // Nothing new: no file is added, not even an empty one.
    const third = await exportChannel(request(folder, { source, incremental: 'partition' }));
    expect(third.files.map((file) => file.paths)).toEqual([[], [], []]);

    source.messages.push(...all.slice(45));
    const fourth = await exportChannel(request(folder, { source, incremental: 'partition' }));
    expect(fourth.files[0]?.paths).toEqual([join(folder, 'c [part 6].json')]);
    const parts = [first, second, fourth].flatMap((run) => run.files[0]?.paths ?? []);
    // Every message exactly once, in order, across the runs' files.
    expect(await jsonMessages(parts)).toEqual(ids(all));
    expect([...(await readOutputs(folder)).keys()].filter((name) => name.endsWith('.json'))).toHaveLength(6);
  });

  it('picks up a resumed run where the interrupted one stopped, then goes on incrementally', async () => {
    const folder = join(dir, 'resumed');
    await exportChannel(request(folder, { source: listSource(all.slice(0, 10)), incremental: 'append' }));
    const failing = listSource(all.slice(0, 40), { failAfterPages: 4 });
    await expect(exportChannel(request(folder, { source: failing, incremental: 'append' }))).rejects.toThrow();
    const source = listSource(all.slice(0, 40));
    const resumed = await exportChannel(request(folder, { source, incremental: 'append' }));
    expect(resumed).toMatchObject({ resumed: true, messages: 40, newMessages: 30 });
    expect(source.ranges).toEqual([{ after: all[21]?.id }]);
    source.messages.push(...all.slice(40));
    await exportChannel(request(folder, { source, incremental: 'append' }));
    const fresh = join(dir, 'fresh');
    await exportChannel(request(fresh, { source: listSource(all) }));
    expect(await readOutputs(folder)).toEqual(await readOutputs(fresh));
  });

  it('refuses to continue a target under another filter or mode, and a one-off export clears the cursor', async () => {
    const folder = join(dir, 'other');
    await exportChannel(request(folder, { source: listSource(all.slice(0, 5)), incremental: 'append' }));
    const state = exportStatePaths(join(folder, 'c.json'));
    await expect(
      exportChannel(request(folder, { source: listSource(all), incremental: 'append', filter: 'has:file' })),
    ).rejects.toThrow(ExportStateMismatchError);
    await expect(exportChannel(request(folder, { source: listSource(all), incremental: 'partition' }))).rejects.toThrow(
      /cursor .*cursor\.json belongs to an export with a different incremental mode\. Choose another output path/,
    );
    expect(existsSync(state.cursor)).toBe(true);
    await exportChannel(request(folder, { source: listSource(all) }));
    expect(existsSync(state.dir)).toBe(false);
  });
});
