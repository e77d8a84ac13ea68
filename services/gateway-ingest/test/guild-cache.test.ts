import { type Bus, connectBus } from '@platform/bus';
import { createRedis, type RedisConnection } from '@platform/cache';
import { platformStreams } from '@platform/contracts';
import {
  GuildCacheReader,
  type GuildSnapshot,
  guildSnapshotOf,
  readGuildSnapshot,
  redisGuildCacheSource,
} from '@platform/discord';
import { createSimulator, parseGuildStateLines, type Simulator } from '@platform/discord-sim';
import {
  createTestBusNamespace,
  createTestRedisPrefix,
  type TestBusNamespace,
  type TestRedisPrefix,
  testEndpoints,
} from '@platform/testkit';
import { ChannelType, GatewayIntentBits as I } from 'discord-api-types/v10';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGatewayBot } from '../src/gateway-bot.js';
import { GatewayIngest } from '../src/gateway-ingest.js';
import { guildCacheMetrics } from '../src/guild-cache-metrics.js';
import { GuildCacheWriter } from '../src/guild-cache-writer.js';
import { IDENTIFY_WINDOW_MS, logger, readStream, type Stored, waitFor } from './helpers.js';
import { TcpGate } from './tcp-gate.js';

/** Everything the cache holds needs these; GUILD_MESSAGES moves channels' `last_message_id`. */
const CACHE_INTENTS = I.Guilds | I.GuildMembers | I.GuildPresences | I.GuildVoiceStates | I.GuildMessages;

let sim: Simulator | undefined;
let ns: TestBusNamespace | undefined;
let bus: Bus | undefined;
let redisPrefix: TestRedisPrefix | undefined;
let redis: RedisConnection | undefined;
let writer: GuildCacheWriter | undefined;
let ingest: GatewayIngest | undefined;
let gate: TcpGate | undefined;

afterEach(async () => {
  await ingest?.stop(2000).catch(() => {});
  await writer?.close(1000);
  await redis?.quit();
  await gate?.shut();
  await bus?.close();
  await sim?.close();
  await ns?.clear();
  await redisPrefix?.clear();
  ingest = writer = redis = gate = bus = sim = ns = redisPrefix = undefined;
});

/** One shard of the `tiny` world (a guild with roles, channels, threads, voice channels) into Redis at `redisUrl`. */
async function setUp(options: { redisUrl?: string; cacheCapacity?: number } = {}) {
  sim = await createSimulator({
    scenario: 'tiny',
    limits: { enabled: false },
    traffic: { autostart: false },
    gateway: { heartbeatIntervalMs: 1000, identifyWindowMs: IDENTIFY_WINDOW_MS },
  });
  ns = createTestBusNamespace('gwi-cache');
  bus = await connectBus({
    url: testEndpoints.natsUrl,
    namespace: ns.name,
    name: 'gateway-ingest',
    logger,
    registry: new Registry(),
  });
  const stream = platformStreams(bus.namespace).discord;
  await bus.ensureStream(stream);
  redisPrefix = createTestRedisPrefix('gwi-cache');
  redis = createRedis({ url: options.redisUrl ?? testEndpoints.redisUrl, prefix: redisPrefix.prefix, logger });
  await redis.connect();
  const registry = new Registry();
  writer = new GuildCacheWriter({
    redis,
    logger,
    metrics: guildCacheMetrics(registry),
    capacity: options.cacheCapacity ?? 100_000,
    retryMs: 50,
  });
  const gateway = await fetchGatewayBot({ apiUrl: sim.apiUrl, token: sim.token, shardCount: 1 });
  ingest = await GatewayIngest.start({
    bus,
    logger,
    registry,
    token: sim.token,
    intents: CACHE_INTENTS,
    gateway,
    shardCount: 1,
    replicaId: 'cache',
    leaseTtlMs: 1500,
    identifyWindowMs: IDENTIFY_WINDOW_MS,
    bufferCapacity: 10_000,
    guildCache: writer,
  });
  const guildId = sim.world.guildIds()[0] as string;
  // The client is the test's own: the writer's may be behind a gate the test shuts.
  const reader = new GuildCacheReader(redisGuildCacheSource(await readerClient()), redisPrefix.prefix);
  const connected = { sim, bus, stream: stream.name, writer, guildId, reader };
  await waitFor(async () => (await guildDispatches(connected, 'GUILD_CREATE')).length === 1, 'the GUILD_CREATE');
  return connected;
}

const readerClients: RedisConnection[] = [];
afterEach(async () => {
  for (const client of readerClients.splice(0)) await client.quit();
});

async function readerClient() {
  const connection = createRedis({ url: testEndpoints.redisUrl, prefix: 'reader', logger });
  readerClients.push(connection);
  await connection.connect();
  return connection.client;
}

type Setup = Awaited<ReturnType<typeof setUp>>;

async function guildDispatches({ bus, stream, guildId }: Pick<Setup, 'bus' | 'stream' | 'guildId'>, t?: string) {
  const stored = await readStream(bus.connection, stream);
  return stored.filter((s: Stored) => s.envelope.guildId === guildId && (t === undefined || s.envelope.t === t));
}

async function truthOf({ sim, guildId }: Pick<Setup, 'sim' | 'guildId'>): Promise<GuildSnapshot> {
  const answer = await fetch(`${sim.controlUrl}/truth/guilds/${guildId}/state`);
  expect(answer.status).toBe(200);
  return guildSnapshotOf(parseGuildStateLines(await answer.text()));
}

/**
 * A storm of structure changes through the control API, voice joins and leaves, and one message in each text
 * channel; returns how many dispatches of the guild the world made.
 */
async function storm({ sim, guildId }: Pick<Setup, 'sim' | 'guildId'>, updates: number): Promise<number> {
  let dispatches = 0;
  const unsubscribe = sim.world.onDispatch((dispatch) => {
    if (dispatch.guildId === guildId) dispatches++;
  });
  try {
    const answer = await fetch(`${sim.controlUrl}/storm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ guild: guildId, updates }),
    });
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { updates: number; presenceUpdates: number; memberUpdates: number };
    expect(result.presenceUpdates).toBeGreaterThan(0);
    expect(result.memberUpdates).toBeGreaterThan(0);

    const voice = sim.world.channels(guildId).filter((c) => c.type === ChannelType.GuildVoice);
    const people = sim.world.members(guildId, { limit: 100 }).filter((m) => !m.user.bot);
    people.slice(0, 6).forEach((m, i) => {
      sim.world.voiceJoin(guildId, m.user.id, (voice[i % voice.length] as { id: string }).id);
    });
    sim.world.voiceLeave(guildId, (people[0] as { user: { id: string } }).user.id);

    const author = people[1]?.user.id as string;
    for (const channel of sim.world.channels(guildId).filter((c) => c.type === ChannelType.GuildText))
      sim.world.createMessage(channel.id, author, { content: `after the storm in ${channel.id}` });
  } finally {
    unsubscribe();
  }
  return dispatches;
}

describe('the guild cache against the simulator', () => {
  it('equals the ground truth after a storm of updates', async () => {
    const setup = await setUp();
    const { writer, reader, guildId } = setup;
    expect(await writer.drain(10_000)).toBe(true);
    expect(await reader.guildIds()).toEqual([guildId]);
    const before = await readGuildSnapshot(reader, guildId);
    expect(before).toEqual(await truthOf(setup));
    expect(before.members.length).toBeGreaterThan(10);
    expect(before.channels.length).toBeGreaterThan(3);
    expect(before.roles.length).toBeGreaterThan(1);

    const onStreamBefore = (await guildDispatches(setup)).length;
    const made = await storm(setup, 400);
    // Every dispatch of the storm is on the stream, and the writer was handed each before it was published.
    await waitFor(
      async () => (await guildDispatches(setup)).length === onStreamBefore + made,
      `the ${made} dispatches of the storm on the stream`,
    );
    expect(await writer.drain(10_000)).toBe(true);

    const truth = await truthOf(setup);
    expect(before).not.toEqual(truth);
    expect(truth.voiceStates).toHaveLength(5);
    expect(truth.presences.length).toBeGreaterThan(0);
    expect(await readGuildSnapshot(reader, guildId)).toEqual(truth);
    expect(writer.staleGuilds()).toEqual([]);
  });

  it('goes on publishing while Redis is away, and resyncs the guild lost meanwhile at its next GUILD_CREATE', async () => {
    const redisAddress = new URL(testEndpoints.redisUrl);
    gate = await TcpGate.open({ host: redisAddress.hostname, port: Number(redisAddress.port || 6379) });
    const setup = await setUp({ redisUrl: `redis://127.0.0.1:${gate.port}`, cacheCapacity: 100 });
    const { sim, writer, reader, guildId } = setup;
    expect(await writer.drain(10_000)).toBe(true);
    expect(await readGuildSnapshot(reader, guildId)).toEqual(await truthOf(setup));

    await gate.shut();
    await waitFor(() => !redis?.client.isReady, 'the writer to see Redis gone');
    const onStreamBefore = (await guildDispatches(setup)).length;
    const made = await storm(setup, 400);
    expect(made).toBeGreaterThan(100);
    // Published in full while Redis is away; the writer's queue overflowed and gave the guild up.
    await waitFor(
      async () => (await guildDispatches(setup)).length === onStreamBefore + made,
      `the ${made} dispatches of the storm on the stream`,
    );
    expect(redis?.client.isReady).toBe(false);
    expect(writer.staleGuilds()).toEqual([guildId]);

    await gate.open();
    // Back: the guild is deleted rather than left half-written, and stays out of the cache until GUILD_CREATE.
    await waitFor(async () => (await reader.guild(guildId)) === undefined, 'the stale guild deleted', 15_000);
    expect(await writer.drain(10_000)).toBe(true);
    expect(await reader.guildIds()).toEqual([]);
    expect(writer.staleGuilds()).toEqual([guildId]);

    // A new session (not resumable) gets the guild's GUILD_CREATE again.
    expect(sim.gateway.invalidateSessions(false)).toBe(1);
    await waitFor(async () => (await guildDispatches(setup, 'GUILD_CREATE')).length === 2, 'the second GUILD_CREATE');
    expect(await writer.drain(10_000)).toBe(true);
    expect(writer.staleGuilds()).toEqual([]);
    expect(await readGuildSnapshot(reader, guildId)).toEqual(await truthOf(setup));
  });
});
