import { setTimeout as sleep } from 'node:timers/promises';
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { type APIGatewayBotInfo, type GatewayDispatchPayload, GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { shardForGuild } from '../../src/gateway/index.js';
import type { ScenarioInput } from '../../src/world/index.js';
import { type GatewayFixture, postMessage, startGateway } from './gateway-fixture.js';

const guild = (i: number) => ({ name: `Guild ${i}`, members: 20, channels: [{ name: 'general' }] });
const scenario: ScenarioInput = { seed: 11, users: 200, guilds: [guild(0), ...[1, 2, 3, 4, 5].map(guild)] };

const SHARDS = 2;

/**
 * @discordjs/ws 2.0.4 reads GET /gateway/bot through a REST instance; this one answers it directly, so the
 * test depends on the gateway alone.
 */
class GatewayBotRest extends REST {
  constructor(private readonly info: APIGatewayBotInfo) {
    super();
  }

  override async get(): Promise<unknown> {
    return this.info;
  }
}

let gw: GatewayFixture | undefined;
let manager: WebSocketManager | undefined;

afterEach(async () => {
  await manager?.destroy();
  await gw?.close();
  manager = undefined;
  gw = undefined;
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.each([
  ['uncompressed', null],
  ['zlib-stream (ZlibNative)', CompressionMethod.ZlibNative],
] as const)('@discordjs/ws 2.0.4, %s', (_, compression) => {
  it('connects 2 shards, resumes after dropped sockets, RECONNECT and INVALID_SESSION true, losing nothing', async () => {
    const fixture = await startGateway({ scenario, heartbeatIntervalMs: 1000, maxConcurrency: SHARDS });
    gw = fixture;
    const { world, server, url, bot } = fixture;
    const guildIds = world.guildIds();

    const ws = new WebSocketManager({
      token: bot.token,
      intents: I.Guilds | I.GuildMessages | I.MessageContent,
      shardCount: SHARDS,
      compression,
      rest: new GatewayBotRest({
        url,
        shards: SHARDS,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: SHARDS },
      }),
    });
    manager = ws;
    const received = Array.from({ length: SHARDS }, () => [] as GatewayDispatchPayload[]);
    const resumed: number[] = [];
    const errors: Error[] = [];
    ws.on(WebSocketShardEvents.Dispatch, (payload, shardId) => received[shardId]?.push(payload));
    ws.on(WebSocketShardEvents.Resumed, (shardId) => resumed.push(shardId));
    ws.on(WebSocketShardEvents.Error, (error) => errors.push(error));
    const debug: string[] = [];
    ws.on(WebSocketShardEvents.Debug, (line) => debug.push(line));

    await ws.connect();
    const guildsOf = (shard: number) =>
      received[shard]?.filter((p) => p.t === 'GUILD_CREATE').map((p) => (p.d as { id: string }).id) ?? [];
    await waitFor(() => guildsOf(0).length + guildsOf(1).length === guildIds.length, 'every GUILD_CREATE');
    for (let shard = 0; shard < SHARDS; shard++) {
      expect(guildsOf(shard).sort()).toEqual(guildIds.filter((id) => shardForGuild(id, SHARDS) === shard).sort());
    }

    // Messages keep coming while each fault hits and the shards come back.
    const created: { id: string; shard: number }[] = [];
    const post = async (rounds: number, pauseMs: number) => {
      for (let round = 0; round < rounds; round++) {
        for (const guildId of guildIds) {
          created.push({
            id: postMessage(world, guildId, `m${created.length}`),
            shard: shardForGuild(guildId, SHARDS),
          });
        }
        await sleep(pauseMs);
      }
    };
    const faults = [
      () => server.dropConnections(),
      () => server.forceReconnect(),
      () => server.invalidateSessions(true),
    ];
    for (const [index, fault] of faults.entries()) {
      await post(10, 5);
      expect(fault()).toBe(SHARDS);
      await post(10, 40);
      await waitFor(() => resumed.length >= SHARDS * (index + 1), `both shards to resume after fault ${index}`);
    }
    await post(5, 5);
    const messageIds = (shard: number) =>
      received[shard]?.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => (p.d as { id: string }).id) ?? [];
    await waitFor(() => messageIds(0).length + messageIds(1).length >= created.length, 'every message');
    await sleep(100);

    expect(errors).toEqual([]);
    expect(resumed.sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(server.resumeLog.map((r) => r.outcome)).toEqual(Array(SHARDS * faults.length).fill('resumed'));
    const expectedCompression = compression === null ? 'compression: none' : 'compression: zlib-stream';
    expect(debug.some((line) => line.includes(expectedCompression))).toBe(true);
    expect(server.identifyLog.filter((r) => r.outcome === 'ready')).toHaveLength(SHARDS);

    for (let shard = 0; shard < SHARDS; shard++) {
      const seqs = received[shard]?.map((p) => p.s) ?? [];
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      const ids = messageIds(shard);
      expect(ids).toEqual(created.filter((m) => m.shard === shard).map((m) => m.id));
      expect(received[shard]?.filter((p) => p.t === 'RESUMED')).toHaveLength(faults.length);
    }
  });
});
