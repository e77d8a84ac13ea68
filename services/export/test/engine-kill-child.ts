import { join } from 'node:path';
import { exportChannel } from '../src/engine/export-channel.js';
import type { ExportChannelRequest } from '../src/engine/export-request.js';
import { channelMessages, listSource } from './engine-sources.js';
import { utcOptions } from './export-fixtures.js';

/**
 * An export run in its own process by engine-kill.test.ts, which kills it with SIGKILL. Its source
 * stalls after STALL_AFTER_PAGES pages, so the kill lands mid-export, with the outputs' last batches
 * unwritten and the journal past its last checkpoint.
 */
export const killMessages = channelMessages(300);
export const killClock = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

export function killRequest(folder: string, overrides: Partial<ExportChannelRequest> = {}): ExportChannelRequest {
  return {
    source: listSource(killMessages, { pageSize: 10 }),
    outputs: [
      { format: 'Json', path: join(folder, 'c.json') },
      { format: 'HtmlDark', path: join(folder, 'c.html') },
      { format: 'Csv', path: join(folder, 'c.csv') },
    ],
    partition: { kind: 'bytes', bytes: 40_000 },
    options: utcOptions,
    checkpointEvery: 25,
    now: () => killClock,
    ...overrides,
  };
}

const folder = process.env.EXPORT_FOLDER;
if (folder) {
  const stallAfterPages = Number(process.env.STALL_AFTER_PAGES);
  await exportChannel(
    killRequest(folder, {
      source: listSource(killMessages, { pageSize: 10, stallAfterPages }),
      onProgress: (progress) => console.log(JSON.stringify(progress)),
    }),
  );
}
