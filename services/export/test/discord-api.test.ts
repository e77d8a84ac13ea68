import { REST } from '@discordjs/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAccessError } from '../src/discord/discord-access-error.js';
import { createExportRest } from '../src/discord/discord-rest-client.js';
import { ExportDiscordApi } from '../src/discord/export-discord-api.js';
import { DiscordChannelSource } from '../src/source/discord-channel-source.js';
import { type SimExport, startSimExport } from './discord-sim-harness.js';

const options = { utc: true, markdown: true, locale: 'en-US', reactionUsers: false };

async function refusal(call: Promise<unknown>): Promise<DiscordAccessError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordAccessError);
  return error as DiscordAccessError;
}

describe('ExportDiscordApi refusals', () => {
  let sim: SimExport;
  beforeAll(async () => {
    sim = await startSimExport();
  });
  afterAll(() => sim.close());

  it('names the channel and the permission of a channel hidden from the bot', async () => {
    const staff = sim.channel('staff');
    const error = await refusal(DiscordChannelSource.open(sim.session(), staff.id, options));
    expect(error.kind).toBe('forbidden');
    expect(error.fatal).toBe(false);
    expect(error.targetId).toBe(staff.id);
    expect(error.permission).toBe('View Channel');
    expect(error.message).toContain(staff.id);
    expect(error.message).toContain('"View Channel"');
  });

  it('names the id Discord does not know', async () => {
    const error = await refusal(sim.session().api.channel('1234567890123456789'));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('channel 1234567890123456789');
    const guild = await refusal(sim.session().guild('1234567890123456789'));
    expect(guild.kind).toBe('not-found');
    expect(guild.message).toContain('guild 1234567890123456789');
  });

  it('fails fatally on a bad token, without the token in the error', async () => {
    const token = 'Bad.Token.ThatMustNotLeak';
    const error = await refusal(sim.session({}, token).api.currentUser());
    expect(error.kind).toBe('unauthorized');
    expect(error.fatal).toBe(true);
    expect(error.message).toContain('token');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(token);
  });

  it('gives undefined, not an error, for a user who is not a member', async () => {
    const api = sim.session().api;
    expect(await api.member(sim.guildId, '1234567890123456789')).toBeUndefined();
    expect((await api.currentUser()).id).toBe(sim.world.bots[0]?.user.id);
  });

  it('reaches the simulator through the rest-proxy client as well', async () => {
    const api = new ExportDiscordApi(createExportRest({ via: 'proxy', apiUrl: sim.apiUrl, token: sim.token }));
    expect((await api.channel(sim.channel('general').id)).name).toBe('general');
  });

  it('names Read Message History when the bot sees a channel but may not read it', async () => {
    // The simulator cannot take View Channel without Read Message History away; Discord's answer is canned.
    const rest = new REST({
      api: 'http://discord.invalid/api',
      makeRequest: async () =>
        new Response(JSON.stringify({ code: 50013, message: 'Missing Permissions' }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        }),
    }).setToken('canned');
    const error = await refusal(new ExportDiscordApi(rest).messages('42', { limit: 1 }));
    expect(error).toMatchObject({ kind: 'forbidden', permission: 'Read Message History', targetId: '42' });
    expect(error.message).toContain('"Read Message History" permission in channel 42');
  });
});
