import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { RawGatewayClient } from '../gateway/raw-gateway-client.js';
import { call } from './control-client.js';

let sim: Simulator;
let guildId: string;
let general: string;
let member: string;
const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  call<T>(sim.controlUrl, method, path, body);
const api = <T = unknown>(method: string, path: string, body?: unknown) =>
  call<T>(`${sim.apiUrl}/v10`, method, path, body, sim.token);

beforeAll(async () => {
  sim = await createSimulator({ scenario: 'tiny', gateway: { heartbeatIntervalMs: 5000, identifyWindowMs: 0 } });
  guildId = sim.world.guildIds()[0] as string;
  general = sim.world.channels(guildId).find((c) => c.name === 'general')?.id as string;
  member = sim.world.membersByActivity(guildId)[0] as string;
});

afterAll(async () => {
  await sim.close();
});

describe('control API', () => {
  it('tells what the simulator is, with the gateway URL REST announces', async () => {
    const { status, body } = await control<Record<string, unknown>>('GET', '/info');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scenario: 'tiny',
      seed: 1,
      apiUrl: sim.apiUrl,
      gatewayUrl: sim.gateway.url,
      controlUrl: sim.controlUrl,
      bots: [{ id: sim.bots[0]?.user.id, token: sim.token, name: 'SimBot' }],
      guilds: [{ id: guildId, name: 'Tiny Guild' }],
    });
    expect((await api<{ url: string }>('GET', '/gateway/bot')).body.url).toBe(sim.gateway.url);
    expect(await control('GET', '/nothing-here')).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('/_sim/info') },
    });
  });

  it('starts, shapes and stops traffic, refusing bad rates with the reason', async () => {
    const patched = await control<{ rates: Record<string, number> }>('PATCH', '/traffic', { messagesPerSecond: 40 });
    expect(patched.status).toBe(200);
    expect(patched.body.rates.messagesPerSecond).toBe(40);
    const bad = await control<{ error: string }>('PATCH', '/traffic', { messagesPerSecond: -1, sparkles: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/messagesPerSecond/);
    expect(bad.body.error).toMatch(/sparkles/);
    expect((await control('POST', '/traffic/start', 'not json')).status).toBe(400);
    const before = sim.world.messageCount(general);
    expect((await control('POST', '/traffic/start', { reactionsPerSecond: 0 })).body).toMatchObject({ running: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopped = await control<{ running: boolean; stats: { messages: number } }>('POST', '/traffic/stop');
    expect(stopped.body.running).toBe(false);
    expect(stopped.body.stats.messages).toBeGreaterThan(0);
    expect(sim.world.messageCount(general)).toBeGreaterThanOrEqual(before);
    await control('PATCH', '/traffic', { messagesPerSecond: 1 });
  });

  it('answers the ground truth: activity, every message of a channel, requests and events', async () => {
    const from = Date.now();
    const posted = sim.world.createMessage(general, member, { content: 'truth test' });
    const activity = await control<{ activity: { userId: string; messages: number }[] }>(
      'GET',
      `/truth/activity?guild=${guildId}&from=${from}`,
    );
    expect(activity.status).toBe(200);
    expect(activity.body.activity.find((a) => a.userId === member)?.messages).toBeGreaterThanOrEqual(1);
    expect((await control<{ error: string }>('GET', '/truth/activity')).body.error).toMatch(/query\.guild/);
    expect((await control('GET', '/truth/activity?guild=123')).status).toBe(400);
    expect((await control('GET', `/truth/activity?guild=${guildId}&from=yesterday`)).status).toBe(400);

    const lines = await control('GET', `/truth/channels/${general}/messages`);
    expect(lines.status).toBe(200);
    expect(lines.headers.get('content-type')).toContain('application/x-ndjson');
    const messages = lines.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as APIMessage);
    expect(messages).toHaveLength(sim.world.messageCount(general));
    expect(messages.at(-1)?.id).toBe(posted.id);
    for (let i = 1; i < messages.length; i++)
      expect(BigInt(messages[i]?.id ?? 0) > BigInt(messages[i - 1]?.id ?? 0)).toBe(true);
    expect((await control('GET', '/truth/channels/42/messages')).status).toBe(404);
    expect((await control('GET', '/truth/channels/general/messages')).status).toBe(400);

    const bot = sim.bots[0]?.user.id as string;
    for (let i = 0; i < 3; i++) expect((await api('GET', '/users/@me')).status).toBe(200);
    const requests = await control<{ route: string; botId: string }[]>(
      'GET',
      `/truth/requests?bot=${bot}&from=${from}`,
    );
    expect(requests.body.filter((r) => r.route === '/users/@me').length).toBeGreaterThanOrEqual(3);
    expect(requests.body.every((r) => r.botId === bot)).toBe(true);
    const max = await control<{ max: number }>('GET', `/truth/requests/max-per-window?bot=${bot}&windowMs=60000`);
    expect(max.body.max).toBeGreaterThanOrEqual(3);
    expect((await control('GET', '/truth/requests/max-per-window?bot=1')).status).toBe(400);

    const events = await control<{ t: string; d: { id: string } }[]>(
      'GET',
      `/truth/events?from=${from}&type=MESSAGE_CREATE`,
    );
    expect(events.body.map((e) => e.d.id)).toContain(posted.id);
    expect((await control('GET', '/truth/events?type=lowercase')).status).toBe(400);
  });

  it('injects REST faults that a plain fetch sees, and clears them', async () => {
    const forced = await control('POST', '/faults/rest', {
      force429: { target: 'GET /users/@me', retryAfterMs: 1500, count: 1 },
    });
    expect(forced.status).toBe(200);
    const limited = await api<{ retry_after: number; global: boolean }>('GET', '/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(limited.body).toMatchObject({ retry_after: 1.5, global: false });
    expect((await api('GET', '/users/@me')).status).toBe(200);

    await control('POST', '/faults/rest', {
      target: { bucket: 'user-get' },
      serverErrorShare: 1,
      serverErrorStatus: 503,
    });
    expect((await api('GET', '/users/@me')).status).toBe(503);
    expect((await api('GET', `/channels/${general}`)).status).toBe(200);
    await control('POST', '/faults/rest', { target: 'GET /channels/:channel_id', latencyMs: 300 });
    const started = performance.now();
    expect((await api('GET', `/channels/${general}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    const faults = await control<{ latency: unknown }>('GET', '/faults');
    expect(faults.body.latency).toMatchObject({ minMs: 300, target: 'GET /channels/:channel_id' });

    const cleared = await control('DELETE', '/faults');
    expect(cleared.body).toEqual({ latency: null, serverErrors: null, forced429s: [] });
    expect((await api('GET', '/users/@me')).status).toBe(200);

    for (const body of [
      {},
      { serverErrorShare: 2 },
      { target: 'GET /nowhere', latencyMs: 5 },
      { target: { bucket: 'no-such-bucket' }, latencyMs: 5 },
      { latencyMs: { min: 50, max: 10 } },
    ]) {
      const refused = await control<{ error: string }>('POST', '/faults/rest', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.length).toBeGreaterThan(5);
    }
  });

  it('injects gateway faults that a raw websocket client sees', async () => {
    const client = await RawGatewayClient.connect(sim.gatewayUrl);
    await client.next(); // HELLO
    await client.identify(sim.token, I.Guilds);
    const reconnect = await control('POST', '/faults/gateway', { action: 'reconnect', bot: sim.bots[0]?.user.id });
    expect(reconnect.body).toEqual({ action: 'reconnect', affected: 1 });
    expect((await client.until((p) => p.op === 7)).at(-1)?.op).toBe(7);
    const invalidate = await control('POST', '/faults/gateway', { action: 'invalidate', resumable: false });
    expect(invalidate.body).toMatchObject({ affected: 1 });
    expect((await client.until((p) => p.op === 9)).at(-1)?.d).toBe(false);
    client.terminate();

    const second = await RawGatewayClient.connect(sim.gatewayUrl);
    await second.next();
    await second.identify(sim.token, I.Guilds);
    expect((await control('GET', '/gateway/sessions')).body).toMatchObject([{ connected: true }]);
    const dropped = await control('POST', '/faults/gateway', { action: 'drop' });
    expect(dropped.body).toMatchObject({ affected: 1 });
    expect((await second.closed).code).toBe(1006);
    expect((await control('POST', '/faults/gateway', { action: 'explode' })).status).toBe(400);
    expect((await control('POST', '/faults/gateway', { action: 'drop', bot: '1' })).status).toBe(400);
  });

  it('changes rate limits at run time', async () => {
    const tight = await control('PATCH', '/limits', { buckets: { 'user-get': { limit: 1, windowMs: 60_000 } } });
    expect(tight.body).toMatchObject({ enabled: true, buckets: { 'user-get': { limit: 1 } } });
    await api('GET', '/users/@me');
    const limited = await api('GET', '/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect((await control('PATCH', '/limits', { enabled: false })).body).toMatchObject({ enabled: false });
    const open = await api('GET', '/users/@me');
    expect(open.status).toBe(200);
    expect(open.headers.get('x-ratelimit-limit')).toBeNull();
    await control('PATCH', '/limits', { enabled: true, globalPerSecond: 500, buckets: { 'user-get': null } });
    expect((await control('GET', '/limits')).body).toEqual({
      enabled: true,
      globalPerSecond: 500,
      globalPerBot: {},
      buckets: {},
    });
    expect(
      (await control<{ error: string }>('PATCH', '/limits', { buckets: { nope: { limit: 1 } } })).body.error,
    ).toMatch(/no bucket named "nope"/);
    expect((await control('PATCH', '/limits', { globalPerSecond: 0 })).status).toBe(400);
  });

  it('makes a virtual user run a command, press a button and submit a modal on demand', async () => {
    const app = sim.bots[0]?.application.id as string;
    expect(
      (
        await api('PUT', `/applications/${app}/commands`, [
          {
            name: 'lend',
            description: 'Lend equipment',
            options: [
              {
                type: 3,
                name: 'item',
                description: 'What',
                required: true,
                choices: [{ name: 'Rope', value: 'rope' }],
              },
            ],
          },
        ])
      ).status,
    ).toBe(200);
    const command = await control<APIInteraction>('POST', `/users/${member}/interactions`, {
      type: 'command',
      channel: general,
      name: 'lend',
    });
    expect(command.status).toBe(201);
    expect(command.body).toMatchObject({ type: 2, data: { name: 'lend', options: [{ name: 'item', value: 'rope' }] } });
    expect(sim.world.interaction(command.body.id)?.interaction.member?.user.id).toBe(member);

    const posted = await api<APIMessage>('POST', `/channels/${general}/messages`, {
      content: 'Borrow?',
      components: [
        { type: 1, components: [{ type: 2, style: ButtonStyle.Primary, custom_id: 'lend:go', label: 'Go' }] },
      ],
    });
    const press = await control<APIInteraction>('POST', `/users/${member}/interactions`, {
      type: 'component',
      channel: general,
      message: posted.body.id,
      customId: 'lend:go',
    });
    expect(press.status).toBe(201);
    expect(press.body).toMatchObject({ type: 3, data: { custom_id: 'lend:go', component_type: ComponentType.Button } });
    const modal = {
      type: 9,
      data: {
        custom_id: 'lend:why',
        title: 'Why?',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'reason', style: 2, label: 'Reason' }] }],
      },
    };
    expect(
      (await call(sim.apiUrl, 'POST', `/v10/interactions/${press.body.id}/${press.body.token}/callback`, modal)).status,
    ).toBe(204);
    const submit = await control<APIInteraction>('POST', `/users/${member}/interactions`, {
      type: 'modal',
      interaction: press.body.id,
      values: { reason: 'for the trip' },
    });
    expect(submit.status).toBe(201);
    expect(submit.body).toMatchObject({
      type: 5,
      data: {
        custom_id: 'lend:why',
        components: [{ type: 1, components: [{ custom_id: 'reason', value: 'for the trip' }] }],
      },
    });

    const unknown = await control<{ error: string }>('POST', `/users/${member}/interactions`, {
      type: 'command',
      channel: general,
      name: 'fly',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/registered: .*lend/);
    expect((await control('POST', '/users/1/interactions', { type: 'command', channel: general })).status).toBe(404);
    expect((await control('POST', `/users/${member}/interactions`, { type: 'dance' })).status).toBe(400);
    const noModal = await control<{ error: string }>('POST', `/users/${member}/interactions`, {
      type: 'modal',
      interaction: command.body.id,
    });
    expect(noModal.body.error).toMatch(/did not answer .* with a modal/);
  });
});
