import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { World } from '@platform/discord-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSim, runBin, startCliSim } from './cli-sim.js';
import { generatedMessages, readJsonExport, writeJsonExport } from './export-files.js';
import { byClass, parseDocument } from './html-dom.js';

let sim: CliSim;
let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startCliSim();
  root = await mkdtemp(join(tmpdir(), 'cli-export-'));
  env = { DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.api, TZ: 'UTC' };
});
afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

/** The channel's message ids as the world holds them, oldest first: the ground truth. */
function worldMessageIds(world: World, channelId: string): string[] {
  const ids: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = world.messages(channelId, { limit: 100, ...(before ? { before } : {}) });
    ids.push(...page.map((message) => message.id));
    if (page.length < 100) return ids.reverse();
    before = page.at(-1)?.id;
  }
}

async function freshDir(name: string): Promise<string> {
  const dir = join(root, name);
  await rm(dir, { recursive: true, force: true });
  return dir;
}

describe('discord-export against the simulator', () => {
  it('exports a channel to Json and HtmlDark in one run, with its media', async () => {
    const general = sim.channel('general');
    const dir = await freshDir('both');
    const run = await runBin(
      [
        'export',
        '-c',
        general.id,
        '-f',
        'Json,HtmlDark',
        '-o',
        `${dir}/`,
        '--media',
        '--cdn',
        `${sim.api.slice(0, -4)}/cdn`,
      ],
      { cwd: root, env },
    );
    expect(run.stderr).not.toContain(sim.token);
    expect(run.stdout).toContain('Successfully exported 1 channel(s).');
    expect(run.code).toBe(0);

    const files = (await readdir(dir)).sort();
    const base = `CLI Guild - Text - general [${general.id}]`;
    expect(files).toEqual([`${base}.html`, `${base}.json`, `${base}.json_Files`]);
    const expected = worldMessageIds(sim.world, general.id);
    expect(expected.length).toBeGreaterThan(100);

    const json = await readJsonExport(join(dir, `${base}.json`));
    expect(json.header.channel).toMatchObject({ id: general.id, name: 'general', category: 'Text' });
    expect(json.messages.map((message) => message.id)).toEqual(expected);
    // Avatars point at the files downloaded beside the export, relative to it.
    const avatar = json.messages[0]?.author.avatarUrl ?? '';
    expect(avatar.startsWith(`${base}.json_Files/`)).toBe(true);
    expect(existsSync(join(dir, avatar))).toBe(true);
    expect(json.header.guild.iconUrl.startsWith(`${base}.json_Files/`)).toBe(true);

    const html = parseDocument(await readFile(join(dir, `${base}.html`), 'utf8'));
    const ids = byClass(html, 'chatlog__message-container').map(
      (element) => element.attrs.find((a) => a.name === 'data-message-id')?.value,
    );
    expect(ids).toEqual(expected);
  });

  it('refuses a bad token before writing anything', async () => {
    const dir = await freshDir('bad-token');
    const run = await runBin(['export', '-c', sim.channel('general').id, '-o', `${dir}/`], {
      cwd: root,
      env: { ...env, DISCORD_TOKEN: 'MTA.not.a-token' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Authentication token is invalid.');
    expect(run.stderr).not.toContain('MTA.not.a-token');
    expect(existsSync(dir)).toBe(false);
  });

  it('names an unknown channel and fails when it is the only one', async () => {
    const dir = await freshDir('unknown');
    const run = await runBin(['export', '-c', '123456789012345678', '-o', `${dir}/`], { cwd: root, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Successfully exported 0 channel(s).');
    expect(run.stdout).toContain('Failed to export the following channel(s):');
    expect(run.stdout).toContain('Channel 123456789012345678: Unknown channel 123456789012345678');
    expect(run.stderr).toContain('Export failed.');
  });

  it('lists a forbidden channel and an empty one, and succeeds with the rest', async () => {
    const dir = await freshDir('mixed');
    const staff = sim.channel('staff');
    const quiet = sim.channel('quiet');
    const run = await runBin(['export', '-c', staff.id, quiet.id, '-f', 'PlainText', '-o', `${dir}/`], {
      cwd: root,
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Successfully exported 1 channel(s).');
    expect(run.stdout).toMatch(/Warnings reported for the following channel\(s\):\nText \/ quiet: .*no messages/);
    expect(run.stdout).toContain(`lacks the "View Channel" permission in channel ${staff.id}`);
    expect((await readdir(dir)).filter((name) => name.includes('staff'))).toEqual([]);
  });

  it('exports a category as its channels, with threads', async () => {
    const dir = await freshDir('category');
    const category = sim.channel('Text');
    const run = await runBin(
      ['export', '-c', category.id, '-f', 'Csv', '-o', `${dir}/%C.csv`, '--include-threads', 'all', '--parallel', '2'],
      { cwd: root, env },
    );
    // The engine keeps a failed channel's checkpoint folder (.staff.csv.export), so a rerun resumes it.
    const files = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
    const general = sim.channel('general').id;
    const threads = [
      ...sim.world.activeThreads(sim.guildId),
      ...sim.world.archivedThreads(general, { private: false, limit: 100 }).threads,
    ].filter((thread) => thread.parent_id === general);
    expect(threads.length).toBe(1);
    expect(files).toEqual([`${threads[0]?.name}.csv`, 'general.csv', 'quiet.csv'].sort());
    expect(run.stdout).toContain('Successfully exported 3 channel(s).');
    expect(run.stdout).toContain('staff');
  });

  it('lists guilds, channels and direct messages', async () => {
    const [guilds, channels, noVoice, dms] = await Promise.all([
      runBin(['guilds'], { cwd: root, env }),
      runBin(['channels', '-g', sim.guildId, '--include-threads', 'all'], { cwd: root, env }),
      runBin(['channels', '-g', sim.guildId, '--include-vc', 'false'], { cwd: root, env }),
      runBin(['dm'], { cwd: root, env }),
    ]);
    expect(guilds.stdout).toBe(`0                   | Direct Messages\n${sim.guildId} | CLI Guild\n`);
    expect(channels.stdout).toContain(`${sim.channel('general').id} | Text / general\n * `);
    expect(channels.stdout).toMatch(/ \* \d+ +\| Thread \/ .+ \| (Active|Archived)\n/);
    expect(channels.stdout).toContain(`${sim.channel('Lounge').id} | Voice / Lounge`);
    expect(noVoice.stdout).not.toContain('Lounge');
    // Discord lists no DM channels to a bot.
    expect(dms.stdout).toBe('');
    for (const run of [guilds, channels, noVoice, dms]) expect(run.code).toBe(0);
  });

  it('exports a guild without its voice channels, and a DM', async () => {
    const dir = await freshDir('guild');
    const guild = await runBin(
      ['exportguild', '-g', sim.guildId, '--include-vc', 'false', '-f', 'PlainText', '-o', `${dir}/%G/%C.txt`],
      { cwd: root, env },
    );
    expect(guild.code).toBe(0);
    expect((await readdir(join(dir, 'CLI Guild'))).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'general.txt',
      'quiet.txt',
    ]);
    expect(guild.stdout).toContain('Successfully exported 2 channel(s).');
    expect(guild.stdout).toContain('Text / staff: The bot lacks the "View Channel" permission');

    const all = await runBin(
      ['exportall', '--include-vc', 'false', '--include-threads', 'all', '-f', 'Csv', '-o', `${dir}/all/%G/%C.csv`],
      { cwd: root, env },
    );
    expect(all.code).toBe(0);
    // general, quiet and the thread of general; staff is listed as failed.
    expect(all.stdout).toContain('Successfully exported 3 channel(s).');
    expect((await readdir(join(dir, 'all', 'CLI Guild'))).filter((name) => !name.startsWith('.')).length).toBe(3);

    const none = await runBin(['exportdm', '-f', 'Json', '-o', `${dir}/dm/`], { cwd: root, env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Discord lists no DM channels to a bot');
    // A DM the bot has is exported by its id, in DCE's Direct Messages pseudo-guild.
    const opened = sim.openDm();
    const dm = await runBin(['export', '-c', opened.id, '-f', 'Json', '-o', `${dir}/dm/`], { cwd: root, env });
    expect(dm.code).toBe(0);
    const [file] = await readdir(join(dir, 'dm'));
    const exported = await readJsonExport(join(dir, 'dm', file as string));
    expect(exported.header.guild).toMatchObject({ id: '0', name: 'Direct Messages' });
    expect(exported.messages.map((message) => message.content)).toEqual(['hello from a DM']);
  });

  it('renders a JSON export again, bounded, filtered, newest first', async () => {
    const dir = await freshDir('render');
    const input = join(root, 'render-input.json');
    const messages = [...generatedMessages(30)];
    await writeJsonExport(input, messages);
    const after = messages[9]?.id as string;
    const run = await runBin(
      [
        'render',
        input,
        '-f',
        'Json,PlainText',
        '-o',
        `${dir}/out`,
        '--after',
        after,
        '--filter',
        '-"number 15"',
        '--reverse',
      ],
      { cwd: root, env: {} },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = messages
      .slice(10)
      .filter((message) => message.content !== 'Message number 15')
      .reverse()
      .map((message) => message.id);
    const [json] = (await readdir(join(dir, 'out'))).filter((name) => name.endsWith('.json'));
    const rendered = await readJsonExport(join(dir, 'out', json as string));
    expect(rendered.messages.map((message) => message.id)).toEqual(expected);
    expect(run.stdout).toContain(`Rendered ${expected.length} message(s)`);
    expect(run.stdout).toMatch(/PlainText: .*\.txt/);
  });

  it('exports only what is new with --incremental', async () => {
    const dir = await freshDir('incremental');
    const general = sim.channel('general');
    const args = ['export', '-c', general.id, '-f', 'Json', '-o', `${dir}/g.json`, '--incremental'];
    const first = await runBin(args, { cwd: root, env });
    expect(first.code).toBe(0);
    const author = sim.world.members(sim.guildId, { limit: 50 }).find((m) => m.user && !m.user.bot)?.user?.id as string;
    const posted = sim.world.createMessage(general.id, author, { content: 'new since the last run' });
    const second = await runBin(args, { cwd: root, env });
    expect(second.code).toBe(0);
    const part = await readJsonExport(join(dir, 'g [part 2].json'));
    expect(part.messages.map((message) => message.id)).toEqual([posted.id]);
  });
});
