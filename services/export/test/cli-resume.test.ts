import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { type CliSim, startCliSim } from './cli-sim.js';
import { readJsonExport } from './export-files.js';

let sim: CliSim;
let dir: string;

beforeAll(async () => {
  sim = await startCliSim();
  dir = await mkdtemp(join(tmpdir(), 'cli-resume-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function io(signal?: AbortSignal) {
  const printed = { out: '', err: '' };
  const cli: CliIo = {
    out: (text) => {
      printed.out += text;
    },
    err: (text) => {
      printed.err += text;
    },
    env: { DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.api },
    interactive: false,
    ...(signal ? { signal } : {}),
  };
  return { printed, cli };
}

it('stops on Ctrl+C with exit code 130 and resumes when run again', async () => {
  const general = sim.channel('general');
  const args = ['export', '-c', general.id, '-f', 'Json', '-o', join(dir, 'general.json')];
  // Ctrl+C while the second page of messages is being fetched: the first page is journaled.
  const stopped = new AbortController();
  sim.onRequest = (url) => {
    if (url.includes(`/channels/${general.id}/messages?`) && /after=[1-9]/.test(url)) {
      stopped.abort(new Error('Stopped by SIGINT'));
    }
  };
  const first = io(stopped.signal);
  expect(await runCli(args, first.cli)).toBe(130);
  sim.onRequest = () => undefined;
  expect(first.printed.err).toContain('Stopped. Run the same command again to resume');
  expect(first.printed.out).toBe('');

  const second = io();
  expect(await runCli(args, second.cli)).toBe(0);
  expect(second.printed.err).toContain('Exported Text / general (resumed): 120 message(s)');
  expect((await readJsonExport(join(dir, 'general.json'))).messages.length).toBe(120);
});
