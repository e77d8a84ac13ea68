import { type Bus, connectBus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import type { Simulator } from '@platform/discord-sim';
import {
  createTestBusNamespace,
  type DisposableNatsServer,
  startNatsServer,
  type TestBusNamespace,
  testEndpoints,
} from '@platform/testkit';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGatewayBot } from '../src/gateway-bot.js';
import { GatewayIngest } from '../src/gateway-ingest.js';
import { gatewayMetrics } from '../src/metrics.js';
import { Publisher } from '../src/publisher.js';
import {
  type Created,
  checkAgainstTruth,
  IDENTIFY_WINDOW_MS,
  logger,
  postRound,
  readStream,
  startSim,
  waitFor,
} from './helpers.js';

const SHARDS = 2;
let sim: Simulator | undefined;
let bus: Bus | undefined;
let ns: TestBusNamespace | undefined;
let ingest: GatewayIngest | undefined;

let nats: DisposableNatsServer | undefined;

afterEach(async () => {
  await ingest?.stop(2000).catch(() => {});
  await bus?.close();
  await sim?.close();
  await ns?.clear();
  ingest = undefined;
  bus = undefined;
  sim = undefined;
  ns = undefined;
  await nats?.dispose();
  nats = undefined;
});

async function setUp(natsUrl = testEndpoints.natsUrl) {
  sim = await startSim();
  ns = createTestBusNamespace('gwi', natsUrl);
  bus = await connectBus({
    url: natsUrl,
    reconnectWaitMs: 200,
    namespace: ns.name,
    name: 'gateway-ingest',
    logger,
    registry: new Registry(),
  });
  const stream = platformStreams(bus.namespace).discord;
  await bus.ensureStream(stream);
  const gateway = await fetchGatewayBot({ apiUrl: sim.apiUrl, token: sim.token, shardCount: SHARDS });
  expect(gateway.url).toBe(sim.gatewayUrl);
  const registry = new Registry();
  ingest = await GatewayIngest.start({
    bus,
    logger,
    registry,
    token: sim.token,
    intents: 1 | 512 | 32768,
    gateway,
    shardCount: gateway.shards,
    replicaId: 'solo',
    leaseTtlMs: 1500,
    identifyWindowMs: IDENTIFY_WINDOW_MS,
    bufferCapacity: 150_000,
  });
  return { sim, bus, stream: stream.name, ingest, registry };
}

describe('gateway-ingest against the simulator', () => {
  it('publishes every dispatch once as an envelope, and resumes after dropped connections losing nothing', async () => {
    const { sim, bus, stream, ingest, registry } = await setUp();
    await waitFor(() => sim.gateway.sessions().filter((s) => s.connected).length === SHARDS, 'both shards');
    expect(ingest.shards()).toEqual([0, 1]);
    const guilds = sim.world.guildIds();
    await waitFor(
      async () =>
        (await readStream(bus.connection, stream)).filter((s) => s.envelope.t === 'GUILD_CREATE').length ===
        guilds.length,
      'every GUILD_CREATE',
    );
    const created: Created[] = [];
    for (let i = 0; i < 10; i++) postRound(sim, SHARDS, created);
    expect(sim.gateway.dropConnections()).toBe(SHARDS);
    for (let i = 0; i < 10; i++) {
      postRound(sim, SHARDS, created);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => sim.gateway.resumeLog.filter((r) => r.outcome === 'resumed').length === SHARDS, 'resumes');
    for (let i = 0; i < 5; i++) postRound(sim, SHARDS, created);
    await waitFor(
      async () =>
        (await readStream(bus.connection, stream)).filter((s) => s.envelope.t === 'MESSAGE_CREATE').length >=
        created.length,
      'every message',
    );
    const stored = await readStream(bus.connection, stream);
    expect(checkAgainstTruth(stored, created, SHARDS)).toEqual([]);

    const first = stored.find((s) => s.envelope.t === 'MESSAGE_CREATE');
    if (!first) throw new Error('no MESSAGE_CREATE on the stream');
    expect(first.subject).toBe(bus.subjects.dispatch('MESSAGE_CREATE', first.envelope.guildId));
    expect(first.envelope.id).toBe(`MESSAGE_CREATE:${(first.envelope.d as { id: string }).id}`);
    const ready = stored.filter((s) => s.envelope.t === 'READY');
    expect(ready).toHaveLength(SHARDS);
    expect(ready[0]?.envelope.id).toMatch(/^READY:.+:1$/);
    const lifecycle = stored
      .filter((s) => s.subject.startsWith(bus.subjects.shardFilter().slice(0, -1)))
      .map((s) => s.subject);
    expect(lifecycle).toEqual(
      expect.arrayContaining([bus.subjects.shard(0, 'ready'), bus.subjects.shard(1, 'resumed')]),
    );
    expect(sim.gateway.identifyLog.filter((r) => r.outcome === 'ready')).toHaveLength(SHARDS);

    const metrics = await registry.metrics();
    expect(metrics).toContain(`gateway_ingest_events_total{type="MESSAGE_CREATE"} ${created.length}`);
    expect(metrics).toMatch(/gateway_ingest_resumes_total\{shard="0"\} 1/);
    expect(metrics).toMatch(/gateway_ingest_buffer_dropped_total 0/);
  });
});

describe('gateway-ingest while NATS is away', () => {
  it('buffers what arrives while NATS is stopped and publishes it in order, once, when it is back', async () => {
    nats = await startNatsServer();
    const server = nats;
    const { sim, bus, stream, ingest, registry } = await setUp(server.url);
    await waitFor(() => sim.gateway.sessions().filter((s) => s.connected).length === SHARDS, 'both shards');
    const created: Created[] = [];
    let load = true;
    const traffic = (async () => {
      while (load) {
        postRound(sim, SHARDS, created);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    await waitFor(() => !ingest.publisher.natsConnected, 'the disconnect to be seen');
    await new Promise((r) => setTimeout(r, 2000));
    expect(ingest.publisher.buffer.size).toBeGreaterThan(0);
    await server.start();
    await new Promise((r) => setTimeout(r, 500));
    load = false;
    await traffic;
    await waitFor(
      async () =>
        (await readStream(bus.connection, stream)).filter((s) => s.envelope.t === 'MESSAGE_CREATE').length >=
        created.length,
      'every message after the outage',
      25_000,
    );
    const stored = await readStream(bus.connection, stream);
    expect(checkAgainstTruth(stored, created, SHARDS)).toEqual([]);
    expect(await registry.metrics()).toMatch(/gateway_ingest_buffer_dropped_total 0/);
  });

  it('counts what does not fit in the buffer while NATS is away', async () => {
    nats = await startNatsServer();
    const server = nats;
    ns = createTestBusNamespace('gwb', server.url);
    bus = await connectBus({ url: server.url, namespace: ns.name, name: 'gateway-ingest', registry: new Registry() });
    const registry = new Registry();
    const publisher = new Publisher({ bus, logger, metrics: gatewayMetrics(registry), capacity: 10 });
    await server.stop();
    await waitFor(() => !publisher.natsConnected, 'the disconnect to be seen');
    for (let i = 0; i < 15; i++)
      publisher.enqueue({
        subject: bus.subjects.dispatch('TYPING_START', null),
        payload: i,
        msgId: `m${i}`,
        receivedAt: 0,
      });
    expect(publisher.buffer.size).toBe(10);
    expect(await registry.metrics()).toMatch(/gateway_ingest_buffer_dropped_total 5/);
    expect(await registry.metrics()).toMatch(/gateway_ingest_buffer_events 10/);
    await publisher.close();
    await server.start();
  });
});
