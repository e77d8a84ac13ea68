import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportChannel } from '../src/engine/export-channel.js';
import { ExportAbortedError, ExportStateCorruptError, ExportStateMismatchError } from '../src/engine/export-errors.js';
import type { ExportChannelRequest } from '../src/engine/export-request.js';
import { exportStatePaths } from '../src/engine/export-state-paths.js';
import { channelMessages, listSource, readOutputs, SourceFailure } from './engine-sources.js';
import { utcOptions } from './export-fixtures.js';

const firstClock = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const laterClock = Date.UTC(2026, 5, 1);
const messages = channelMessages(60);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-resume-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One request into `folder`; the tests vary the source, the clock and the signal. */
function request(folder: string, overrides: Partial<ExportChannelRequest> = {}): ExportChannelRequest {
  return {
    source: listSource(messages, { pageSize: 5 }),
    outputs: [
      { format: 'Json', path: join(folder, 'c.json') },
      { format: 'HtmlDark', path: join(folder, 'c.html') },
      { format: 'PlainText', path: join(folder, 'c.txt') },
    ],
    partition: { kind: 'messages', count: 16 },
    filter: 'has:embed | (-"number 4" -"number 21")',
    options: utcOptions,
    checkpointEvery: 10,
    now: () => firstClock,
    ...overrides,
  };
}

async function uninterrupted(overrides: Partial<ExportChannelRequest> = {}): Promise<Map<string, Buffer>> {
  const folder = join(dir, 'uninterrupted');
  await exportChannel(request(folder, overrides));
  return readOutputs(folder);
}

describe('resume', () => {
  it('continues an export stopped by its AbortSignal, equal byte for byte to an uninterrupted one', async () => {
    const folder = join(dir, 'stopped');
    const controller = new AbortController();
    const stopped = exportChannel(
      request(folder, {
        signal: controller.signal,
        onProgress: ({ progress }) => {
          if (progress >= 0.5) controller.abort();
        },
      }),
    );
    await expect(stopped).rejects.toThrow(ExportAbortedError);
    const state = exportStatePaths(join(folder, 'c.json'));
    expect(existsSync(state.checkpoint)).toBe(true);
    // A failed run removes its half-written files; the journal is what it keeps.
    expect((await readOutputs(folder)).size).toBe(0);

    // The resumed run reads a later clock: the header must still carry the first run's exportedAt.
    const source = listSource(messages, { pageSize: 5 });
    const result = await exportChannel(request(folder, { source, now: () => laterClock }));
    expect(result.resumed).toBe(true);
    // Only what came after the checkpoint was asked of the source.
    expect(source.ranges).toEqual([{ after: messages[29]?.id }]);
    expect(await readOutputs(folder)).toEqual(await uninterrupted());
    expect(existsSync(state.dir)).toBe(false);
  });

  it('continues an export whose source failed after some pages', async () => {
    const folder = join(dir, 'failed');
    const failing = listSource(messages, { pageSize: 5, failAfterPages: 7 });
    await expect(exportChannel(request(folder, { source: failing, checkpointEvery: 1000 }))).rejects.toThrow(
      SourceFailure,
    );
    // The failure wrote a last checkpoint, though none was due yet: nothing is fetched twice.
    const source = listSource(messages, { pageSize: 5 });
    const result = await exportChannel(request(folder, { source, now: () => laterClock, checkpointEvery: 1000 }));
    expect(source.ranges).toEqual([{ after: messages[34]?.id }]);
    expect(result.resumed).toBe(true);
    expect(await readOutputs(folder)).toEqual(await uninterrupted({ checkpointEvery: 1000 }));
  });

  it('leaves no state behind when the source fails before its first page, as a refused channel does', async () => {
    const folder = join(dir, 'refused');
    const refused = listSource(messages, { pageSize: 5, failAfterPages: 0 });
    await expect(exportChannel(request(folder, { source: refused }))).rejects.toThrow(SourceFailure);
    expect(existsSync(exportStatePaths(join(folder, 'c.json')).dir)).toBe(false);
    expect(existsSync(join(folder, 'c.json'))).toBe(false);
  });

  it('resumes a reversed export, and drops what a crash left in the journal after the checkpoint', async () => {
    const folder = join(dir, 'reversed');
    const failing = listSource(messages, { pageSize: 5, failAfterPages: 9 });
    await expect(exportChannel(request(folder, { source: failing, reverse: true }))).rejects.toThrow(SourceFailure);
    const state = exportStatePaths(join(folder, 'c.json'));
    // As a kill in the middle of a batch would leave it: a torn line past the synced part.
    await appendFile(state.journal, '{"id":"999","type":"Def');
    await exportChannel(request(folder, { reverse: true, now: () => laterClock }));
    expect(await readOutputs(folder)).toEqual(await uninterrupted({ reverse: true }));
  });

  it('refuses a checkpoint written by a different request, naming what differs', async () => {
    const folder = join(dir, 'mismatch');
    const failing = listSource(messages, { pageSize: 5, failAfterPages: 3 });
    await expect(exportChannel(request(folder, { source: failing }))).rejects.toThrow(SourceFailure);
    const state = exportStatePaths(join(folder, 'c.json'));
    const checkpoint = await readFile(state.checkpoint, 'utf8');

    const other = exportChannel(request(folder, { filter: 'has:embed', partition: { kind: 'messages', count: 3 } }));
    await expect(other).rejects.toThrow(ExportStateMismatchError);
    await expect(other).rejects.toThrow(/different filter, partition limit\. Run the interrupted export again/);
    const fewer = exportChannel(request(folder, { outputs: [{ format: 'Json', path: join(folder, 'c.json') }] }));
    await expect(fewer).rejects.toThrow(/formats or output paths/);
    // Refused before anything was touched: the checkpoint still resumes the first request.
    expect(await readFile(state.checkpoint, 'utf8')).toBe(checkpoint);
    await exportChannel(request(folder));
    expect(await readOutputs(folder)).toEqual(await uninterrupted());
  });

  it('refuses a checkpoint it cannot read, saying how to start over', async () => {
    const folder = join(dir, 'corrupt');
    const state = exportStatePaths(join(folder, 'c.json'));
    await exportChannel(request(folder, { source: listSource(messages, { failAfterPages: 2 }) })).catch(
      () => undefined,
    );
    await writeFile(state.checkpoint, '{"version":1,"identity":');
    await expect(exportChannel(request(folder))).rejects.toThrow(ExportStateCorruptError);
    await expect(exportChannel(request(folder))).rejects.toThrow(/Delete its folder to export from the start/);
  });
});
