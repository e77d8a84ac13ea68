import { randomBytes } from 'node:crypto';
import type { Simulator } from '@platform/discord-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  defaultSettings,
  metricValue,
  type RunningProxy,
  simulator429s,
  startProxy,
  startSim,
  testPrefix,
  textChannels,
} from './harness.js';

describe('rest-proxy against the simulator', () => {
  let sim: Simulator;
  let proxy: RunningProxy;
  const prefix = testPrefix('rest-proxy');
  const lockedBotId = '987654321098765432';
  const unknownToSim = `${Buffer.from(lockedBotId).toString('base64').replace(/=+$/, '')}.AbCdEf.not-a-real-token`;

  beforeAll(async () => {
    sim = await startSim({ overrides: { 'channel-get': { limit: 5, windowMs: 500 } } });
    proxy = await startProxy(
      {
        ...defaultSettings(sim),
        BOT_TOKENS: [...sim.bots.map((b) => b.token), unknownToSim],
        REPLAY_BODY_MAX: 64 * 1024,
      },
      { prefix: prefix.prefix },
    );
  });

  afterAll(async () => {
    await proxy?.stop();
    await sim?.close();
    await prefix.clear();
  });

  it('many concurrent callers on one bucket: no 429 reaches Discord or the callers', async () => {
    const bot = sim.bots[0];
    const channel = textChannels(sim)[0];
    if (!bot || !channel) throw new Error('scenario without bot or channel');
    const since = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${proxy.url}/api/v10/channels/${channel}`, { headers: auth(bot.token) }).then(async (response) => ({
          status: response.status,
          bucket: response.headers.get('x-ratelimit-bucket'),
          body: (await response.json()) as { id?: string },
        })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    expect(answers.every((a) => a.body.id === channel && a.bucket)).toBe(true);
    expect(simulator429s(sim, since)).toBe(0);
    const seen = sim.world.truth.requests().filter((r) => r.at >= since && r.route === '/channels/:channel_id');
    expect(seen).toHaveLength(30);
    expect(await metricValue(proxy.registry, 'rest_proxy_requests_total', { bot: bot.user.id, status: '200' })).toBe(
      30,
    );
  });

  it('a token it is not configured with gets 401 and never reaches Discord', async () => {
    const before = sim.world.truth.requests().length;
    const response = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth('MTIzNDU2Nzg5MDEyMzQ1Njc4.x.y') });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-proxy-refused')).toBe('unknown_token');
    expect(await response.json()).toMatchObject({ reason: 'unknown_token' });
    const bearer = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: { authorization: 'Bearer abc' } });
    expect(bearer.status).toBe(401);
    const none = await fetch(`${proxy.url}/api/v10/users/@me`);
    expect(none.headers.get('x-proxy-refused')).toBe('missing_token');
    expect(sim.world.truth.requests().length).toBe(before);
  });

  it('a 401 from Discord locks the token: later requests never reach Discord', async () => {
    const first = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(unknownToSim) });
    expect(first.status).toBe(401);
    expect(first.headers.get('x-proxy-refused')).toBeNull();
    const before = sim.world.truth.requests().length;
    const second = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(unknownToSim) });
    expect(second.status).toBe(401);
    expect(second.headers.get('x-proxy-refused')).toBe('token_locked');
    expect(sim.world.truth.requests().length).toBe(before);
    expect(await metricValue(proxy.registry, 'rest_proxy_invalid_requests_total', { bot: lockedBotId })).toBe(1);
    // The lock is in Redis too, so every replica stops using the token.
    expect(await proxy.redis.client.exists(`${prefix.prefix}lock:${lockedBotId}`)).toBe(1);
    // The other bots are not affected.
    const other = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(sim.bots[1]?.token ?? '') });
    expect(other.status).toBe(200);
  });

  it.each([
    ['held (small, replayable)', 20 * 1024],
    ['streamed (larger than REPLAY_BODY_MAX)', 300 * 1024],
  ])('a multipart upload passes through byte for byte: %s', async (_label, size) => {
    const bot = sim.bots[0];
    const channel = textChannels(sim)[1] ?? textChannels(sim)[0];
    if (!bot || !channel) throw new Error('scenario without bot or channel');
    const bytes = randomBytes(size);
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'upload', attachments: [{ id: 0, filename: 'blob.bin' }] }));
    form.append('files[0]', new Blob([bytes], { type: 'application/octet-stream' }), 'blob.bin');
    const response = await fetch(`${proxy.url}/api/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: auth(bot.token),
      body: form,
    });
    expect(response.status).toBe(200);
    const message = (await response.json()) as { attachments: { url: string; size: number }[] };
    const attachment = message.attachments[0];
    expect(attachment?.size).toBe(size);
    const downloaded = Buffer.from(await (await fetch(attachment?.url ?? '')).arrayBuffer());
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it('a chunked upload without Content-Length is streamed through intact', async () => {
    const bot = sim.bots[0];
    const channel = textChannels(sim)[1] ?? textChannels(sim)[0];
    if (!bot || !channel) throw new Error('scenario without bot or channel');
    const bytes = randomBytes(200 * 1024);
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'chunked', attachments: [{ id: 0, filename: 'c.bin' }] }));
    form.append('files[0]', new Blob([bytes]), 'c.bin');
    // Re-encoded as a stream so the body goes out chunked, without a length.
    const encoded = new Response(form);
    const response = await fetch(`${proxy.url}/api/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { ...auth(bot.token), 'content-type': encoded.headers.get('content-type') ?? '' },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    const message = (await response.json()) as { attachments: { url: string }[] };
    const downloaded = Buffer.from(await (await fetch(message.attachments[0]?.url ?? '')).arrayBuffer());
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it('passes the version, the query and the audit log reason through unchanged', async () => {
    const bot = sim.bots[0];
    const channel = textChannels(sim)[0];
    if (!bot || !channel) throw new Error('scenario without bot or channel');
    const response = await fetch(`${proxy.url}/api/v9/channels/${channel}/messages?limit=2`, {
      headers: { ...auth(bot.token), 'x-audit-log-reason': 'test' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(2);
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
  });

  it('interaction callbacks and follow-ups go through, exempt from the global limit', async () => {
    const bot = sim.bots[0];
    const channel = textChannels(sim)[0];
    const guild = sim.world.guildIds()[0] ?? '';
    const user = sim.world.membersByActivity(guild)[0];
    if (!bot || !channel || !user) throw new Error('scenario without bot, channel or member');
    const application = bot.application.id;
    const registered = await fetch(`${proxy.url}/api/v10/applications/${application}/commands`, {
      method: 'PUT',
      headers: { ...auth(bot.token), 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'ping', description: 'Ping', type: 1 }]),
    });
    expect(registered.status).toBe(200);
    const created = await fetch(`${sim.controlUrl}/users/${user}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'command', channel, name: 'ping', application }),
    });
    expect(created.status).toBe(201);
    const interaction = (await created.json()) as { id: string; token: string };
    const callback = await fetch(`${proxy.url}/api/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: 'POST',
      headers: { ...auth(bot.token), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'pong' } }),
    });
    expect(callback.status).toBe(204);
    // A follow-up carries its token in the path: no Authorization needed, and no bot's global limit spent.
    const followUp = await fetch(`${proxy.url}/api/v10/webhooks/${application}/${interaction.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'and a follow-up' }),
    });
    expect(followUp.status).toBe(200);
    const edited = await fetch(`${proxy.url}/api/v10/webhooks/${application}/${interaction.token}/messages/@original`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'pong, edited' }),
    });
    expect(edited.status).toBe(200);
    const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(metrics).toContain('route="/interactions/:id/:token/callback"');
    expect(metrics).toContain('bot="webhook"');
    expect(metrics).not.toContain(interaction.token);
  });

  it('readyz is ready and not degraded while Redis answers; metrics carry bot ids, never tokens', async () => {
    const ready = await fetch(`${proxy.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', degraded: false, checks: { limits: { ok: true } } });
    const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(metrics).toContain('rest_proxy_redis_fallback');
    expect(metrics).toContain('rest_proxy_queue_wait_seconds_bucket');
    expect(metrics).toContain('route="/channels/:id"');
    for (const bot of sim.bots) expect(metrics).not.toContain(bot.token);
    expect(metrics).not.toContain(unknownToSim);
  });
});
