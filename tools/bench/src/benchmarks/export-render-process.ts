// Entry of a render process of the export benchmark: argv is one JSON RenderJob. Reads the channel whole
// into memory the way the renderer takes it, collects the garbage, then renders it to a file, timed and
// with its memory followed; prints the RenderResult as one JSON line on stdout.
import { REST } from '@discordjs/rest';
import { answerAndExit, measureRun } from './export-memory.js';
import type { RenderJob, RenderResult } from './export-render-job.js';
import { readForOurs } from './export-render-ours.js';
import { readForTranscripts } from './export-render-transcripts.js';

const job = JSON.parse(process.argv[2] ?? '{}') as RenderJob;
const { target } = job;
const input =
  job.renderer === 'ours'
    ? await readForOurs(
        target,
        new REST({ version: '10', api: target.apiUrl, globalRequestsPerSecond: 1_000_000 }).setToken(target.token),
      )
    : await readForTranscripts(target);
const result: RenderResult = {
  renderer: job.renderer,
  ...(await measureRun(async () => ({ bytes: await input.render(job.outPath), messages: input.messages.length }))),
};
answerAndExit(result);
