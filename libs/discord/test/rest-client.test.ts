import { RESTEvents } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordRest } from '../src/index.js';
import { startRecordingServer } from './recording-server.js';

describe('createDiscordRest', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  it('sends versioned calls with the bot token to the proxy URL', async () => {
    const rest = createDiscordRest({ apiUrl: server.apiUrl, token: 'test-token' });
    await rest.get(Routes.user('@me'));
    const request = server.requests.at(-1);
    expect(request?.url).toBe('/api/v10/users/@me');
    expect(request?.headers.authorization).toBe('Bot test-token');
  });

  it('never waits on rate-limit headers itself: the proxy owns the limits', async () => {
    const rest = createDiscordRest({ apiUrl: server.apiUrl, token: 'test-token' });
    const waits: unknown[] = [];
    rest.on(RESTEvents.RateLimited, (info) => waits.push(info));
    const before = server.requests.length;
    for (let i = 0; i < 5; i++)
      await rest.post(Routes.channelMessages('81384788765712384'), { body: { content: `${i}` } });
    expect(server.requests.length - before).toBe(5);
    expect(waits).toEqual([]);
  });
});
