import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript } from '@platform/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportChannel } from '../src/engine/export-channel.js';
import { exportStatePaths } from '../src/engine/export-state-paths.js';
import { killMessages, killRequest } from './engine-kill-child.js';
import { listSource, readOutputs } from './engine-sources.js';

const child = fileURLToPath(new URL('./engine-kill-child.ts', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-kill-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resume after kill -9', () => {
  it('finishes an export whose process was killed, equal byte for byte to an uninterrupted one', async () => {
    const folder = join(dir, 'killed');
    const script = runScript(child, { EXPORT_FOLDER: folder, STALL_AFTER_PAGES: '17' });
    await script.waitForLine((line) => line.messages === 170);
    script.child.kill('SIGKILL');
    expect(await script.exited).toBeNull();

    const state = exportStatePaths(join(folder, 'c.json'));
    const checkpoint = JSON.parse(await readFile(state.checkpoint, 'utf8'));
    // The last checkpoint was due at 150 messages; the 20 after it are fetched again.
    expect(checkpoint.journalMessages).toBe(150);
    expect(existsSync(join(folder, 'c.json'))).toBe(true);

    const source = listSource(killMessages, { pageSize: 10 });
    const resumed = await exportChannel(killRequest(folder, { source, now: () => Date.now() }));
    expect(resumed.resumed).toBe(true);
    expect(source.ranges).toEqual([{ after: killMessages[149]?.id }]);
    // The JSON and HTML outputs span several parts, each split at its own messages.
    expect(resumed.files.map((output) => output.paths.length > 1)).toEqual([true, true, false]);

    const whole = join(dir, 'whole');
    await exportChannel(killRequest(whole));
    expect(await readOutputs(folder)).toEqual(await readOutputs(whole));
  }, 60_000);
});
