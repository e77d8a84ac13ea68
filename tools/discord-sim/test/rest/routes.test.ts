import { REST } from '@discordjs/rest';
import { type APIMessage, ChannelType, Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSlashCommand } from './support/interactions.js';
import { type Harness, send, startRest } from './support/rest-harness.js';
import { tinyWithStaffChannel } from './support/scenarios.js';

let h: Harness;
let guildId: string;
let general: string;
let random: string;
let staff: string;
let someone: string;

/** Field error codes of a 50035 body, by dotted path. */
function fieldCodes(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (node: unknown, path: string) => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '_errors') out[path] = (value as { code: string }[]).map((error) => error.code);
      else walk(value, path ? `${path}.${key}` : key);
    }
  };
  walk((body as { errors?: unknown }).errors, '');
  return out;
}

beforeAll(async () => {
  h = await startRest({
    scenario: tinyWithStaffChannel,
    gatewayUrl: 'ws://127.0.0.1:7777',
    shards: 2,
    maxConcurrency: 4,
    limits: { globalPerSecond: 10_000, overrides: { '*': { limit: 1000, windowMs: 1000 } } },
  });
  guildId = h.world.guildIds()[0] as string;
  const channels = h.world.channels(guildId);
  const byName = (name: string) => channels.find((channel) => channel.name === name)?.id as string;
  general = byName('general');
  random = byName('random');
  staff = byName('staff');
  someone = h.world.members(guildId, { limit: 5 }).find((member) => !member.user.bot)?.user.id as string;
});

afterAll(async () => {
  await h.close();
});

describe('paths, versions and authentication', () => {
  it('serves v10, v9 and the unversioned prefix, and decodes a percent-encoded @', async () => {
    const bodies = await Promise.all(
      ['/api/v10/users/@me', '/api/v9/users/@me', '/api/users/@me', '/api/v10/users/%40me'].map(
        async (path) => (await send(`${h.url}${path}`, 'GET', h.bot.token)).body,
      ),
    );
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ id: h.bot.user.id, bot: true });
  });

  it('answers an unknown route with a bare 404', async () => {
    const answer = await h.call('GET', '/nowhere/at/all');
    expect(answer).toMatchObject({ status: 404, body: { message: '404: Not Found', code: 0 } });
  });

  it('answers 401 without a valid bot token', async () => {
    for (const call of [
      { token: null },
      { token: 'nope' },
      { token: null, headers: { authorization: `Bearer ${h.bot.token}` } },
    ]) {
      const answer = await h.call('GET', '/users/@me', call);
      expect(answer).toMatchObject({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
    }
  });

  it('answers 50109 to a body that is not JSON', async () => {
    const broken = await fetch(`${h.url}/api/v10/channels/${general}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${h.bot.token}`, 'content-type': 'application/json' },
      body: '{"content": ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ code: 50109, message: 'The request body contains invalid JSON.' });
  });

  it('records every answer in the ground truth with its route template', async () => {
    const before = h.world.truth.requests().length;
    await h.call('GET', `/channels/${general}`);
    await h.call('GET', '/channels/1');
    const recorded = h.world.truth.requests().slice(before);
    expect(recorded.map(({ botId, method, route, status }) => ({ botId, method, route, status }))).toEqual([
      { botId: h.bot.user.id, method: 'GET', route: '/channels/:channel_id', status: 200 },
      { botId: h.bot.user.id, method: 'GET', route: '/channels/:channel_id', status: 404 },
    ]);
  });
});

describe('users, applications and the gateway', () => {
  it('gets users and answers 10013 for an unknown one', async () => {
    expect((await h.call('GET', `/users/${someone}`)).body).toMatchObject({ id: someone });
    expect((await h.call('GET', '/users/1')).body).toMatchObject({ code: 10013 });
  });

  it('opens a DM channel once per recipient', async () => {
    const first = await h.call('POST', '/users/@me/channels', { body: { recipient_id: someone } });
    const again = await h.call('POST', '/users/@me/channels', { body: { recipient_id: someone } });
    expect(first.body).toMatchObject({ type: ChannelType.DM });
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    const bad = await h.call('POST', '/users/@me/channels', { body: {} });
    expect(bad.status).toBe(400);
    expect(fieldCodes(bad.body)).toEqual({ recipient_id: ['BASE_TYPE_REQUIRED'] });
  });

  it('describes the application and the gateway as configured', async () => {
    expect((await h.call('GET', '/applications/@me')).body).toMatchObject({
      id: h.bot.application.id,
      bot: { id: h.bot.user.id },
    });
    expect((await h.call('GET', '/gateway', { token: null })).body).toEqual({ url: 'ws://127.0.0.1:7777' });
    expect((await h.call('GET', '/gateway/bot')).body).toMatchObject({
      url: 'ws://127.0.0.1:7777',
      shards: 2,
      session_start_limit: { max_concurrency: 4, total: 1000 },
    });
  });
});

describe('application commands', () => {
  const base = () => `/applications/${h.bot.application.id}/commands`;

  it('overwrites in bulk, keeping the ids of commands that keep their name', async () => {
    const first = (
      await h.call('PUT', base(), {
        body: [
          { name: 'ping', description: 'Ping' },
          { name: 'stats', description: 'Stats' },
        ],
      })
    ).body as { id: string; name: string }[];
    const second = (
      await h.call('PUT', base(), {
        body: [
          { name: 'stats', description: 'More stats' },
          { name: 'lend', description: 'Lend' },
        ],
      })
    ).body as { id: string; name: string; description: string }[];
    expect(second.find((c) => c.name === 'stats')?.id).toBe(first.find((c) => c.name === 'stats')?.id);
    expect(second.map((c) => c.name)).toEqual(['stats', 'lend']);
    expect((await h.call('GET', base())).body).toEqual(second);
  });

  it('creates (201) or replaces (200) by name, edits, deletes and answers 10063 after', async () => {
    const created = await h.call('POST', base(), { body: { name: 'export', description: 'Exports' } });
    const replaced = await h.call('POST', base(), { body: { name: 'export', description: 'Exports a channel' } });
    expect([created.status, replaced.status]).toEqual([201, 200]);
    const id = (created.body as { id: string }).id;
    expect((replaced.body as { id: string }).id).toBe(id);
    expect((await h.call('PATCH', `${base()}/${id}`, { body: { description: 'Edited' } })).body).toMatchObject({
      id,
      description: 'Edited',
    });
    expect((await h.call('DELETE', `${base()}/${id}`)).status).toBe(204);
    expect((await h.call('GET', `${base()}/${id}`)).body).toMatchObject({ code: 10063 });
  });

  it('keeps guild commands apart and checks names, the guild and the application', async () => {
    const guildBase = `/applications/${h.bot.application.id}/guilds/${guildId}/commands`;
    await h.call('PUT', guildBase, { body: [{ name: 'local', description: 'Guild only' }] });
    expect(((await h.call('GET', guildBase)).body as { guild_id: string }[])[0]).toMatchObject({ guild_id: guildId });
    const duplicate = await h.call('PUT', guildBase, {
      body: [
        { name: 'a', description: 'A' },
        { name: 'a', description: 'B' },
      ],
    });
    expect(fieldCodes(duplicate.body)).toEqual({ '1.name': ['APPLICATION_COMMANDS_DUPLICATE_NAME'] });
    const upper = await h.call('POST', guildBase, { body: { name: 'Ping', description: 'x' } });
    expect(fieldCodes(upper.body)).toEqual({ name: ['BASE_TYPE_INVALID'] });
    expect((await h.call('GET', `/applications/${h.bot.application.id}/guilds/1/commands`)).body).toMatchObject({
      code: 10004,
    });
    expect((await h.call('GET', '/applications/1/commands')).body).toMatchObject({ code: 20012 });
  });
});

describe('guilds and channels', () => {
  it('gets the guild, its channels and roles, and answers 10004 for an unknown guild', async () => {
    expect((await h.call('GET', `/guilds/${guildId}`)).body).toMatchObject({ id: guildId });
    expect(((await h.call('GET', `/guilds/${guildId}/channels`)).body as unknown[]).length).toBe(
      h.world.channels(guildId).length,
    );
    expect((await h.call('GET', `/guilds/${guildId}/roles`)).body).toEqual(h.world.roles(guildId));
    expect((await h.call('GET', '/guilds/1')).body).toMatchObject({ code: 10004 });
  });

  it('lists members by id after a cursor, searches them, and answers 10007 for a stranger', async () => {
    const first = (await h.call('GET', `/guilds/${guildId}/members?limit=5`)).body as { user: { id: string } }[];
    const next = (await h.call('GET', `/guilds/${guildId}/members?limit=5&after=${first[4]?.user.id}`)).body as {
      user: { id: string };
    }[];
    const ids = [...first, ...next].map((member) => BigInt(member.user.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(10);
    expect(((await h.call('GET', `/guilds/${guildId}/members`)).body as unknown[]).length).toBe(1);
    expect(fieldCodes((await h.call('GET', `/guilds/${guildId}/members?limit=1001`)).body)).toEqual({
      limit: ['NUMBER_TYPE_MAX'],
    });
    const name = h.world.user(someone)?.username.slice(0, 3) as string;
    const found = (await h.call('GET', `/guilds/${guildId}/members/search?query=${name}&limit=10`)).body as {
      user: { username: string };
    }[];
    expect(found.length).toBeGreaterThan(0);
    expect(fieldCodes((await h.call('GET', `/guilds/${guildId}/members/search`)).body)).toEqual({
      query: ['BASE_TYPE_REQUIRED'],
    });
    expect((await h.call('GET', `/guilds/${guildId}/members/1`)).body).toMatchObject({ code: 10007 });
  });

  it('lists active and archived threads', async () => {
    const active = (await h.call('GET', `/guilds/${guildId}/threads/active`)).body as { threads: unknown[] };
    expect(active.threads.length).toBe(h.world.activeThreads(guildId).length);
    const forum = h.world.channels(guildId).find((channel) => channel.type === ChannelType.GuildForum)?.id;
    const archived = await h.call('GET', `/channels/${forum}/threads/archived/public`);
    expect(archived.body).toMatchObject({ members: [], has_more: expect.any(Boolean) });
  });

  it('answers 10003 for an unknown channel and 50001 for one the bot cannot see', async () => {
    expect((await h.call('GET', `/channels/${general}`)).body).toMatchObject({ id: general });
    expect((await h.call('GET', '/channels/1')).body).toMatchObject({ code: 10003 });
    for (const path of [`/channels/${staff}`, `/channels/${staff}/messages`]) {
      expect(await h.call('GET', path)).toMatchObject({
        status: 403,
        body: { code: 50001, message: 'Missing Access' },
      });
    }
  });
});

describe('messages', () => {
  it('pages newest first with before, after and around, 50 by default, 1 to 100', async () => {
    const page = (await h.call('GET', `/channels/${general}/messages`)).body as APIMessage[];
    expect(page).toHaveLength(50);
    const ids = page.map((message) => BigInt(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    const pivot = page[20]?.id as string;
    const before = (await h.call('GET', `/channels/${general}/messages?before=${pivot}&limit=5`)).body as APIMessage[];
    const after = (await h.call('GET', `/channels/${general}/messages?after=${pivot}&limit=5`)).body as APIMessage[];
    const around = (await h.call('GET', `/channels/${general}/messages?around=${pivot}&limit=5`)).body as APIMessage[];
    expect(before.map((m) => m.id)).toEqual(page.slice(21, 26).map((m) => m.id));
    expect(after.map((m) => m.id)).toEqual(page.slice(15, 20).map((m) => m.id));
    expect(around.map((m) => m.id)).toContain(pivot);
    expect(fieldCodes((await h.call('GET', `/channels/${general}/messages?limit=0`)).body)).toEqual({
      limit: ['NUMBER_TYPE_MIN'],
    });
    expect(fieldCodes((await h.call('GET', `/channels/${general}/messages?before=abc`)).body)).toEqual({
      before: ['NUMBER_TYPE_COERCE'],
    });
  });

  it('pages through a whole channel with @discordjs/rest', async () => {
    const rest = new REST({ api: `${h.url}/api`, version: '10' }).setToken(h.bot.token);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
      const page = (await rest.get(Routes.channelMessages(random), { query })) as APIMessage[];
      seen.push(...page.map((message) => message.id));
      if (page.length < 100) break;
      before = page.at(-1)?.id;
    }
    expect(seen).toHaveLength(h.world.messageCount(random));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('creates, gets, edits and deletes a message', async () => {
    const created = (await h.call('POST', `/channels/${general}/messages`, { body: { content: 'hello', nonce: 'n1' } }))
      .body as APIMessage;
    expect(created).toMatchObject({ content: 'hello', author: { id: h.bot.user.id }, channel_id: general });
    expect((await h.call('GET', `/channels/${general}/messages/${created.id}`)).body).toMatchObject({ id: created.id });
    const edited = (
      await h.call('PATCH', `/channels/${general}/messages/${created.id}`, { body: { content: 'edited' } })
    ).body;
    expect(edited).toMatchObject({ content: 'edited', edited_timestamp: expect.any(String) });
    expect((await h.call('DELETE', `/channels/${general}/messages/${created.id}`)).status).toBe(204);
    expect((await h.call('GET', `/channels/${general}/messages/${created.id}`)).body).toMatchObject({ code: 10008 });
  });

  it('refuses empty and oversized messages and edits of others', async () => {
    expect((await h.call('POST', `/channels/${general}/messages`, { body: {} })).body).toMatchObject({ code: 50006 });
    const long = await h.call('POST', `/channels/${general}/messages`, {
      body: { content: 'x'.repeat(2001), embeds: 'no' },
    });
    expect(fieldCodes(long.body)).toEqual({ content: ['BASE_TYPE_MAX_LENGTH'], embeds: ['LIST_TYPE_CONVERT'] });
    const [others] = (await h.call('GET', `/channels/${general}/messages?limit=1`)).body as APIMessage[];
    expect(
      (await h.call('PATCH', `/channels/${general}/messages/${others?.id}`, { body: { content: 'mine now' } })).body,
    ).toMatchObject({ code: 50005 });
  });

  it('uploads files with a multipart body, served back byte for byte by the CDN', async () => {
    const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    const form = new FormData();
    form.append(
      'payload_json',
      JSON.stringify({ content: 'a file', attachments: [{ id: 0, description: 'noise', filename: 'noise.bin' }] }),
    );
    form.append('files[0]', new Blob([bytes], { type: 'application/octet-stream' }), 'upload.bin');
    const message = (await h.call('POST', `/channels/${general}/messages`, { form })).body as APIMessage;
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ filename: 'noise.bin', description: 'noise', size: bytes.length });
    expect(attachment?.url.startsWith(`${h.url}/cdn/attachments/${general}/`)).toBe(true);
    const download = await fetch(attachment?.url as string);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('serves avatars and generated attachments from the CDN, and 404 for anything else', async () => {
    const withAvatar = h.world.members(guildId, { limit: 50 }).find((member) => member.user.avatar)?.user;
    const avatar = await fetch(`${h.url}/cdn/avatars/${withAvatar?.id}/${withAvatar?.avatar}.png?size=128`);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    const generated = h.world
      .messages(general, { limit: 100 })
      .flatMap((message) => message.attachments)
      .find((attachment) => attachment.size < 1_000_000);
    const download = await fetch(generated?.url as string);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBe(generated?.size);
    expect((await fetch(`${h.url}/cdn/attachments/1/2/nothing.png`)).status).toBe(404);
  });

  it('bulk deletes 2 to 100 messages', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(
        async (n) =>
          (
            (await h.call('POST', `/channels/${random}/messages`, { body: { content: `bulk ${n}` } }))
              .body as APIMessage
          ).id,
      ),
    );
    expect(
      (await h.call('POST', `/channels/${random}/messages/bulk-delete`, { body: { messages: ids.slice(0, 2) } }))
        .status,
    ).toBe(204);
    expect((await h.call('GET', `/channels/${random}/messages/${ids[0]}`)).status).toBe(404);
    const one = await h.call('POST', `/channels/${random}/messages/bulk-delete`, { body: { messages: [ids[2]] } });
    expect(fieldCodes(one.body)).toEqual({ messages: ['BASE_TYPE_MIN_LENGTH'] });
  });

  it('pins and unpins under both pin paths, and triggers typing', async () => {
    const [target] = (await h.call('GET', `/channels/${random}/messages?limit=1`)).body as APIMessage[];
    expect((await h.call('PUT', `/channels/${random}/messages/pins/${target?.id}`)).status).toBe(204);
    const pins = (await h.call('GET', `/channels/${random}/messages/pins`)).body as {
      items: { message: APIMessage }[];
    };
    expect(pins.items.map((item) => item.message.id)).toContain(target?.id);
    expect(((await h.call('GET', `/channels/${random}/pins`)).body as APIMessage[]).map((m) => m.id)).toContain(
      target?.id,
    );
    expect((await h.call('DELETE', `/channels/${random}/pins/${target?.id}`)).status).toBe(204);
    expect(((await h.call('GET', `/channels/${random}/pins`)).body as APIMessage[]).map((m) => m.id)).not.toContain(
      target?.id,
    );
    expect((await h.call('POST', `/channels/${random}/typing`)).status).toBe(204);
  });

  it('adds, lists and removes reactions, unicode and encoded', async () => {
    const [target] = (await h.call('GET', `/channels/${random}/messages?limit=1`)).body as APIMessage[];
    const path = `/channels/${random}/messages/${target?.id}/reactions/${encodeURIComponent('🔥')}`;
    expect((await h.call('PUT', `${path}/@me`)).status).toBe(204);
    expect(((await h.call('GET', path)).body as { id: string }[]).map((u) => u.id)).toContain(h.bot.user.id);
    expect((await h.call('DELETE', `${path}/%40me`)).status).toBe(204);
    expect(((await h.call('GET', path)).body as { id: string }[]).map((u) => u.id)).not.toContain(h.bot.user.id);
    expect(
      (await h.call('PUT', `/channels/${random}/messages/1/reactions/${encodeURIComponent('🔥')}/@me`)).body,
    ).toMatchObject({ code: 10008 });
  });
});

describe('interactions', () => {
  it('answers a command through the callback, then edits, follows up and deletes through the webhook', async () => {
    const command = useSlashCommand(h.world, h.bot, guildId, general);
    const callback = `/interactions/${command.id}/${command.token}/callback`;
    expect((await h.call('POST', callback, { token: null, body: { type: 4, data: { content: 'Pong' } } })).status).toBe(
      204,
    );
    expect(
      (await h.call('POST', callback, { token: null, body: { type: 4, data: { content: 'Again' } } })).body,
    ).toMatchObject({ code: 40060 });
    const webhook = `/webhooks/${h.bot.application.id}/${command.token}`;
    const original = (await h.call('GET', `${webhook}/messages/@original`, { token: null })).body as APIMessage;
    expect(original).toMatchObject({ content: 'Pong', channel_id: general });
    expect(h.world.message(general, original.id)).toBeDefined();
    expect(
      (await h.call('PATCH', `${webhook}/messages/@original`, { token: null, body: { content: 'Pong!' } })).body,
    ).toMatchObject({ content: 'Pong!' });
    expect((await h.call('POST', webhook, { token: null, body: { content: 'More' } })).body).toMatchObject({
      content: 'More',
    });
    expect((await h.call('DELETE', `${webhook}/messages/@original`, { token: null })).status).toBe(204);
    expect(h.world.message(general, original.id)).toBeUndefined();
    expect(
      (await h.call('GET', `/webhooks/${h.bot.application.id}/wrong/messages/@original`, { token: null })).body,
    ).toMatchObject({ code: 10015 });
    expect(
      (
        await h.call('POST', `/interactions/1/nope/callback`, {
          token: null,
          body: { type: 4, data: { content: 'x' } },
        })
      ).body,
    ).toMatchObject({ code: 10062 });
  });

  it('reports the interaction and its message with with_response, and takes files', async () => {
    const command = useSlashCommand(h.world, h.bot, guildId, general);
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ type: 4, data: { content: 'report', attachments: [{ id: 0 }] } }));
    form.append('files[0]', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'report.csv');
    const answer = await h.call('POST', `/interactions/${command.id}/${command.token}/callback?with_response=true`, {
      token: null,
      form,
    });
    expect(answer.body).toMatchObject({
      interaction: { id: command.id, type: 2, response_message_loading: false },
      resource: { type: 4, message: { content: 'report', attachments: [{ filename: 'report.csv' }] } },
    });
  });

  it('records token-in-path calls without a bot', () => {
    const callbacks = h.world.truth.requests().filter((request) => request.route.startsWith('/interactions/'));
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.every((request) => request.botId === null)).toBe(true);
  });
});
