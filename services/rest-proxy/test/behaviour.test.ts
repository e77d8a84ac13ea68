import type { Simulator } from '@platform/discord-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RestProxySettings } from '../src/app.js';
import { auth, defaultSettings, metricValue, type RunningProxy, startProxy, startSim, testPrefix } from './harness.js';

describe('refusals, retries and guards', () => {
  let sim: Simulator;
  const running: RunningProxy[] = [];
  const prefixes: ReturnType<typeof testPrefix>[] = [];
  const ghostId = '876543210987654321';
  const ghostToken = `${Buffer.from(ghostId).toString('base64').replace(/=+$/, '')}.AbCdEf.not-a-real-token`;

  async function proxyWith(overrides: Partial<RestProxySettings> = {}): Promise<RunningProxy> {
    const prefix = testPrefix('rest-proxy-behaviour');
    prefixes.push(prefix);
    const proxy = await startProxy({ ...defaultSettings(sim), ...overrides }, { prefix: prefix.prefix });
    running.push(proxy);
    return proxy;
  }

  function truthCount(route: string): number {
    return sim.world.truth.requests().filter((r) => r.route === route).length;
  }

  beforeAll(async () => {
    sim = await startSim({ overrides: { 'channel-get': { limit: 1, windowMs: 5000 } } });
  });

  afterEach(() => {
    sim.rest.faults.clear();
  });

  afterAll(async () => {
    await Promise.all(running.map((proxy) => proxy.stop()));
    await sim?.close();
    await Promise.all(prefixes.map((prefix) => prefix.clear()));
  });

  it('a shared-scope 429 is waited out and sent again; it is not an invalid request', async () => {
    const proxy = await proxyWith();
    const bot = sim.bots[0];
    if (!bot) throw new Error('no bot');
    sim.rest.faults.force429('GET /users/@me', 300, 1);
    const before = truthCount('/users/@me');
    const response = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(bot.token) });
    expect(response.status).toBe(200);
    expect(truthCount('/users/@me') - before).toBe(2);
    expect(await metricValue(proxy.registry, 'rest_proxy_rate_limit_hits_total', { scope: 'shared' })).toBe(1);
    expect(await metricValue(proxy.registry, 'rest_proxy_invalid_requests_total')).toBeUndefined();
  });

  it('5xx are retried with backoff for GET, never for POST', async () => {
    const proxy = await proxyWith({ UPSTREAM_RETRIES: 2 });
    const bot = sim.bots[0];
    if (!bot) throw new Error('no bot');
    sim.rest.faults.setServerErrorShare(1, 502, '*');
    const gets = truthCount('/users/@me');
    const get = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(bot.token) });
    expect(get.status).toBe(502);
    expect(get.headers.get('x-proxy-refused')).toBeNull();
    expect(truthCount('/users/@me') - gets).toBe(3);
    const posts = truthCount('/users/@me/channels');
    const post = await fetch(`${proxy.url}/api/v10/users/@me/channels`, {
      method: 'POST',
      headers: { ...auth(bot.token), 'content-type': 'application/json' },
      body: JSON.stringify({ recipient_id: sim.bots[1]?.user.id }),
    });
    expect(post.status).toBe(502);
    expect(truthCount('/users/@me/channels') - posts).toBe(1);
    expect(await metricValue(proxy.registry, 'rest_proxy_retries_total', { reason: '5xx' })).toBe(2);
  });

  it('timeouts are retried for GET and then answered 504 by the proxy', async () => {
    const proxy = await proxyWith({ UPSTREAM_TIMEOUT: 150, UPSTREAM_RETRIES: 1 });
    const bot = sim.bots[0];
    if (!bot) throw new Error('no bot');
    sim.rest.faults.setLatency(600, 600, 'GET /users/@me');
    const response = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(bot.token) });
    expect(response.status).toBe(504);
    expect(response.headers.get('x-proxy-error')).toBe('upstream_timeout');
    expect(await metricValue(proxy.registry, 'rest_proxy_retries_total', { reason: 'timeout' })).toBe(1);
  });

  it('a request that cannot go within its wait limit gets 503 at once, told apart from Discord’s answers', async () => {
    const proxy = await proxyWith();
    const bot = sim.bots[1];
    const channel = sim.world.channels(sim.world.guildIds()[0] ?? '').find((c) => c.type === 0)?.id;
    if (!bot || !channel) throw new Error('no bot or channel');
    const first = await fetch(`${proxy.url}/api/v10/channels/${channel}`, { headers: auth(bot.token) });
    expect(first.status).toBe(200);
    const second = await fetch(`${proxy.url}/api/v10/channels/${channel}`, {
      headers: { ...auth(bot.token), 'x-proxy-max-wait': '200' },
    });
    expect(second.status).toBe(503);
    expect(second.headers.get('x-proxy-refused')).toBe('wait_limit');
    expect(await second.json()).toMatchObject({ reason: 'wait_limit' });
  });

  it('at shutdown, requests still waiting after the drain time get 503 shutting_down', async () => {
    const proxy = await proxyWith();
    const bot = sim.bots[0];
    const channel = sim.world.channels(sim.world.guildIds()[0] ?? '').filter((c) => c.type === 0)[1]?.id;
    if (!bot || !channel) throw new Error('no bot or channel');
    expect((await fetch(`${proxy.url}/api/v10/channels/${channel}`, { headers: auth(bot.token) })).status).toBe(200);
    // The bucket allows one per 5 s: this one waits in the queue.
    const waiting = fetch(`${proxy.url}/api/v10/channels/${channel}`, { headers: auth(bot.token) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = proxy.stop();
    const response = await waiting;
    expect(response.status).toBe(503);
    expect(response.headers.get('x-proxy-refused')).toBe('shutting_down');
    await stopping;
    running.splice(running.indexOf(proxy), 1);
  });

  it('a bounded queue refuses what does not fit', async () => {
    const proxy = await proxyWith({ QUEUE_LIMIT: 3 });
    const bot = sim.bots[2];
    const guild = sim.world.guildIds()[0];
    if (!bot || !guild) throw new Error('no bot or guild');
    // The first request of an unknown bucket goes alone; the others wait behind it in the queue.
    sim.rest.faults.setLatency(500, 500, 'GET /guilds/:guild_id');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${proxy.url}/api/v10/guilds/${guild}`, { headers: auth(bot.token) }).then((r) => ({
          status: r.status,
          refused: r.headers.get('x-proxy-refused'),
        })),
      ),
    );
    expect(answers.filter((a) => a.refused === 'queue_full').length).toBeGreaterThanOrEqual(2);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.refused === 'queue_full')).toBe(true);
  });

  it('a webhook that answered 404 is not asked again', async () => {
    const proxy = await proxyWith();
    const path = `/api/v10/webhooks/765432109876543210/${'t'.repeat(68)}`;
    const before = truthCount('/webhooks/:webhook_id/:webhook_token');
    const first = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(first.status).toBe(404);
    const second = await fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(second.status).toBe(404);
    expect(second.headers.get('x-proxy-refused')).toBe('webhook_unknown');
    expect(await second.json()).toMatchObject({ code: 10015 });
    expect(truthCount('/webhooks/:webhook_id/:webhook_token') - before).toBe(1);
    // Another replica sharing the Redis knows it too.
    const sibling = await startProxy(defaultSettings(sim), { prefix: prefixes[prefixes.length - 1]?.prefix ?? '' });
    running.push(sibling);
    const third = await fetch(`${sibling.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(third.headers.get('x-proxy-refused')).toBe('webhook_unknown');
    expect(truthCount('/webhooks/:webhook_id/:webhook_token') - before).toBe(1);
  });

  it('stops sending once the invalid request budget is spent', async () => {
    const proxy = await proxyWith({ BOT_TOKENS: [ghostToken], LOCK_ON_401: false, INVALID_REQUEST_BUDGET: 2 });
    const statuses: (string | number)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${proxy.url}/api/v10/users/@me`, { headers: auth(ghostToken) });
      statuses.push(response.headers.get('x-proxy-refused') ?? response.status);
    }
    expect(statuses).toEqual([401, 401, 'invalid_request_budget']);
    expect(await metricValue(proxy.registry, 'rest_proxy_invalid_requests')).toBeGreaterThanOrEqual(2);
  });
});
