import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'discord-sim-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('starts with a scenario, hands off its URLs and token, answers with them, and exits 0 on SIGTERM', async () => {
  const handoffFile = join(dir, 'handoff.json');
  const tokenFile = join(dir, 'token');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@platform/source',
      '--import',
      'tsx',
      'src/cli.ts',
      '--scenario',
      'tiny',
      '--port',
      '0',
      '--gateway-port',
      '0',
    ],
    {
      cwd: PACKAGE,
      env: { ...process.env, SIM_HANDOFF_FILE: handoffFile, SIM_TOKEN_FILE: tokenFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 20_000;
  while (!existsSync(handoffFile)) {
    if (Date.now() > deadline) throw new Error(`no handoff file; stderr:\n${stderr}`);
    await sleep(50);
  }
  const handoff = JSON.parse(readFileSync(handoffFile, 'utf8')) as Record<string, string>;
  expect(Object.keys(handoff).sort()).toEqual(['apiUrl', 'controlUrl', 'gatewayUrl', 'token']);
  // The token alone, for DISCORD_TOKEN_FILE.
  expect(readFileSync(tokenFile, 'utf8')).toBe(`${handoff.token}\n`);
  expect(handoff.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  expect(handoff.gatewayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

  const me = await fetch(`${handoff.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${handoff.token}` } });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { bot: boolean }).bot).toBe(true);
  const gateway = (await (
    await fetch(`${handoff.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${handoff.token}` } })
  ).json()) as { url: string };
  expect(gateway.url).toBe(handoff.gatewayUrl);
  expect((await fetch(`${handoff.controlUrl}/info`)).status).toBe(200);

  expect(stdout).toContain(handoff.token);
  expect(stdout).toContain(handoff.apiUrl);
  expect(stdout).toContain(handoff.gatewayUrl);
  expect(stdout).toContain(handoff.controlUrl);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(handoffFile)).toBe(false);
  expect(existsSync(tokenFile)).toBe(false);
  const logs = stderr.trim().split('\n');
  for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
  expect(stderr).not.toContain(handoff.token);
  expect(logs.map((line) => JSON.parse(line).msg)).toContain('simulator listening');
});

it('refuses an unknown scenario with the known ones and exits 2', async () => {
  const child = spawn(
    process.execPath,
    ['--conditions=@platform/source', '--import', 'tsx', 'src/cli.ts', '--scenario', 'huge'],
    {
      cwd: PACKAGE,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(stderr).toContain('unknown scenario "huge"');
  expect(stderr).toContain('tiny, demo, large, multi-bot');
});
