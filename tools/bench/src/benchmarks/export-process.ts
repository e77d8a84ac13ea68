// Entry of a child process of the export benchmark, so that the export's time and memory are its own and
// not the simulator's: argv is one JSON ExportJob; prints the ExportRunResult as one JSON line on stdout.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { createExportRest } from '@platform/export/src/discord/discord-rest-client.js';
import { ExportDiscordApi, PAGE_LIMIT } from '@platform/export/src/discord/export-discord-api.js';
import { exportChannel } from '@platform/export/src/engine/export-channel.js';
import type { ApiTarget, ExportJob, ExportRunResult } from './export-job.js';
import { answerAndExit, measureRun } from './export-memory.js';
import { BENCH_RENDER_OPTIONS, openChannelSource } from './export-source.js';

/** The client of a run: the CLI's own under limits; with limits off, one that does not hold itself to 50 requests/s. */
function restFor(target: ApiTarget, limits: 'off' | 'discord'): REST {
  if (limits === 'discord') return createExportRest({ via: 'direct', apiUrl: target.apiUrl, token: target.token });
  return new REST({ version: '10', api: target.apiUrl, globalRequestsPerSecond: 1_000_000 }).setToken(target.token);
}

/** The ceiling: every page of the channel, oldest first as an export reads them, parsed and dropped. */
async function fetchAll(target: ApiTarget): Promise<{ messages: number; bytes: number }> {
  const api = new ExportDiscordApi(restFor(target, 'off'));
  let after = '0';
  let messages = 0;
  for (;;) {
    const page = await api.messages(target.channelId, { after });
    messages += page.length;
    // Discord answers newest first; the newest of the page is where the next one starts.
    const newest = page[0];
    if (!newest || page.length < PAGE_LIMIT) return { messages, bytes: 0 };
    after = newest.id;
  }
}

async function runExport(job: Extract<ExportJob, { kind: 'export' }>) {
  const source = await openChannelSource(job.target, restFor(job.target, job.limits), job.format);
  const path = join(job.outDir, job.format === 'Json' ? 'export.json' : 'export.html');
  const result = await exportChannel({
    source,
    outputs: [{ format: job.format, path }],
    options: BENCH_RENDER_OPTIONS,
  });
  return { messages: result.messages, bytes: (await stat(path)).size };
}

const job = JSON.parse(process.argv[2] ?? '{}') as ExportJob;
const result: ExportRunResult = await measureRun(() => (job.kind === 'fetch' ? fetchAll(job.target) : runExport(job)));
answerAndExit(result);
