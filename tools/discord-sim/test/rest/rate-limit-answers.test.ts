import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketHash } from '../../src/rest/rate-limits/bucket-hash.js';
import { useSlashCommand } from './support/interactions.js';
import { type Answer, type Harness, send, startRest } from './support/rest-harness.js';

let h: Harness | undefined;

async function start(options: Parameters<typeof startRest>[0]) {
  h = await startRest(options);
  const guildId = h.world.guildIds()[0] as string;
  const text = h.world.channels(guildId).filter((channel) => channel.type === 0);
  return { h, guildId, first: text[0]?.id as string, second: text[1]?.id as string };
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('per-route limits over HTTP', () => {
  it('reports the bucket on every answer and answers past the limit with a user-scope 429', async () => {
    const { h, first, second } = await start({
      limits: { overrides: { 'message-create': { limit: 2, windowMs: 60_000 } } },
    });
    const post = (channel: string) => h.call('POST', `/channels/${channel}/messages`, { body: { content: 'x' } });
    const answers = [await post(first), await post(first), await post(first)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    for (const answer of answers) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('2');
      expect(answer.headers.get('x-ratelimit-bucket')).toBe(bucketHash('message-create'));
      expect(Number(answer.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(59);
      expect(Number(answer.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now() + 59_000);
    }
    const limited = answers[2] as Answer;
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.has('x-ratelimit-global')).toBe(false);
    expect(limited.body).toMatchObject({ message: 'You are being rate limited.', code: 0, global: false });
    expect((limited.body as { retry_after: number }).retry_after).toBeGreaterThan(59);
    // Another channel is another bucket; Discord limits per top-level resource.
    expect((await post(second)).status).toBe(200);
  });

  it('limits each bot token on its own', async () => {
    const { h, first } = await start({
      scenario: 'multi-bot',
      limits: { overrides: { 'message-create': { limit: 1, windowMs: 60_000 } } },
    });
    const statuses = [];
    for (const bot of h.world.bots) {
      const answer = await send(`${h.url}/api/v10/channels/${first}/messages`, 'POST', bot.token, {
        body: { content: 'hi' },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect((await h.call('POST', `/channels/${first}/messages`, { body: { content: 'again' } })).status).toBe(429);
  });
});

describe('the global limit over HTTP', () => {
  it('answers past it with a global 429 that carries no per-route headers', async () => {
    const { h, first } = await start({ limits: { globalPerSecond: 2 } });
    const answers = [
      await h.call('GET', '/users/@me'),
      await h.call('GET', `/channels/${first}`),
      await h.call('GET', '/gateway/bot'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    const limited = answers[2];
    expect(limited?.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited?.headers.get('x-ratelimit-scope')).toBe('global');
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(limited?.headers.has('x-ratelimit-bucket')).toBe(false);
    expect(limited?.headers.has('x-ratelimit-remaining')).toBe(false);
    expect(limited?.body).toMatchObject({ message: 'You are being rate limited.', global: true });
  });

  it('exempts interaction callbacks and follow-ups', async () => {
    const { h, guildId, first } = await start({ limits: { globalPerSecond: 1 } });
    await h.call('GET', '/users/@me');
    expect((await h.call('GET', '/users/@me')).status).toBe(429);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const command = useSlashCommand(h.world, h.bot, guildId, first);
      const body = { type: 4, data: { content: 'pong' } };
      statuses.push(
        (await h.call('POST', `/interactions/${command.id}/${command.token}/callback`, { token: null, body })).status,
      );
      statuses.push(
        (
          await h.call('POST', `/webhooks/${h.bot.application.id}/${command.token}`, {
            token: null,
            body: { content: 'more' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([204, 200, 204, 200, 204, 200]);
  });

  it('is set per bot, at run time too', async () => {
    const { h } = await start({ scenario: 'multi-bot', limits: { globalPerSecond: 1 } });
    const [alpha, bravo] = h.world.bots;
    h.server.limiter.setGlobalLimit(3, alpha?.user.id);
    const calls = async (token: string) => {
      const out = [];
      for (let i = 0; i < 3; i++) out.push((await send(`${h.url}/api/v10/users/@me`, 'GET', token)).status);
      return out;
    };
    expect(await calls(alpha?.token as string)).toEqual([200, 200, 200]);
    expect(await calls(bravo?.token as string)).toEqual([200, 429, 429]);
  });
});

describe('invalid requests', () => {
  it('bans an IP past the threshold of 401, 403 and 429 answers, for every route', async () => {
    const { h, first } = await start({
      limits: { invalidRequests: { threshold: 5, windowMs: 60_000, banMs: 60_000 } },
    });
    for (let i = 0; i < 5; i++) expect((await h.call('GET', '/users/@me', { token: 'bad' })).status).toBe(401);
    expect((await h.call('GET', '/users/@me')).status).toBe(200);
    expect((await h.call('GET', '/users/@me', { token: 'bad' })).status).toBe(401);
    for (const path of ['/users/@me', `/channels/${first}/messages`, '/unknown']) {
      const banned = await h.call('GET', path);
      expect(banned.status).toBe(429);
      expect(banned.body).toBe('error code: 1015');
      expect(Number(banned.headers.get('retry-after'))).toBeGreaterThan(50);
    }
  });

  it('does not count 429s of the shared scope', async () => {
    const { h } = await start({ limits: { invalidRequests: { threshold: 2, windowMs: 60_000, banMs: 60_000 } } });
    h.server.faults.force429('GET /users/@me', 100, 5);
    for (let i = 0; i < 5; i++)
      expect((await h.call('GET', '/users/@me')).headers.get('x-ratelimit-scope')).toBe('shared');
    expect((await h.call('GET', '/users/@me')).status).toBe(200);
    expect(h.server.limiter.invalidRequests.count('127.0.0.1', Date.now())).toBe(0);
  });
});

describe('limits off', () => {
  it('sends no rate-limit headers and never 429s, for benchmarks', async () => {
    const { h, first } = await start({ limits: { enabled: false } });
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => h.call('POST', `/channels/${first}/messages`, { body: { content: 'fast' } })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.some((a) => a.headers.has('x-ratelimit-limit'))).toBe(false);
  });

  it('lets @discordjs/rest through 200 sends at once', async () => {
    const { h, first } = await start({ limits: { enabled: false } });
    const rest = new REST({ api: `${h.url}/api`, version: '10', globalRequestsPerSecond: Number.POSITIVE_INFINITY });
    rest.setToken(h.bot.token);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => rest.post(Routes.channelMessages(first), { body: { content: `${i}` } })),
    );
    expect(h.world.truth.requests().filter((r) => r.status === 200)).toHaveLength(200);
  });
});
