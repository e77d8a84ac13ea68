import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { Faults } from '../../src/rest/faults.js';
import { type Harness, startRest } from './support/rest-harness.js';

let h: Harness | undefined;

/** A random source that repeats `values`, so a share of failures is exact. */
function cycle(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

async function start(faults = new Faults()) {
  h = await startRest({
    faults,
    limits: { globalPerSecond: 10_000, overrides: { '*': { limit: 1000, windowMs: 1000 } } },
  });
  const guildId = h.world.guildIds()[0] as string;
  const channel = h.world.channels(guildId).find((c) => c.type === 0)?.id as string;
  return { h, channel };
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('faults', () => {
  it('delays answers by the configured latency', async () => {
    const { h } = await start();
    h.server.faults.setLatency(200);
    const started = performance.now();
    expect((await h.call('GET', '/users/@me')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    h.server.faults.setLatency(0);
    expect(h.server.faults.active).toBe(false);
  });

  it('answers a share of requests with a 5xx, which @discordjs/rest retries', async () => {
    const { h, channel } = await start(new Faults(cycle(0.1, 0.9)));
    h.server.faults.setServerErrorShare(0.5, 502);
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.call('GET', `/channels/${channel}`)));
    expect(answers.filter((a) => a.status === 502)).toHaveLength(5);
    expect(answers.find((a) => a.status === 502)?.body).toEqual({ message: '502: Internal Server Error', code: 0 });
    const rest = new REST({ api: `${h.url}/api`, version: '10' }).setToken(h.bot.token);
    await Promise.all(Array.from({ length: 6 }, () => rest.get(Routes.channel(channel))));
    expect(h.world.truth.requests().filter((r) => r.status === 502).length).toBeGreaterThanOrEqual(5 + 6);
  });

  it('forces 429s of the shared scope on one route, with the bucket headers, then lets requests through', async () => {
    const { h, channel } = await start();
    h.server.faults.force429('POST /channels/:channel_id/messages', 300, 2);
    const post = () => h.call('POST', `/channels/${channel}/messages`, { body: { content: 'x' } });
    const [a, b, c] = [await post(), await post(), await post()];
    expect([a?.status, b?.status, c?.status]).toEqual([429, 429, 200]);
    expect(a?.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(a?.headers.get('retry-after')).toBe('1');
    expect(a?.headers.get('x-ratelimit-remaining')).toBe('1000');
    expect(a?.body).toEqual({
      message: 'The resource is being rate limited.',
      code: 0,
      retry_after: 0.3,
      global: false,
    });
    expect((await h.call('GET', `/channels/${channel}`)).status).toBe(200);
  });

  it('targets a bucket, and @discordjs/rest waits out a shared 429 and retries', async () => {
    const { h, channel } = await start();
    h.server.faults.force429({ bucket: 'channel-get' }, 200, 1);
    const rest = new REST({ api: `${h.url}/api`, version: '10' }).setToken(h.bot.token);
    await expect(rest.get(Routes.channel(channel))).resolves.toMatchObject({ id: channel });
    const statuses = h.world.truth.requests().map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('clears every fault', async () => {
    const { h } = await start();
    h.server.faults.setLatency(1000).setServerErrorShare(1).force429('*', 1000);
    h.server.faults.clear();
    expect((await h.call('GET', '/users/@me')).status).toBe(200);
  });
});
