import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kvm } from '@nats-io/kv';
import { type Bus, connectBus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import type { Simulator } from '@platform/discord-sim';
import {
  createTestBusNamespace,
  createTestRedisPrefix,
  freePort,
  type TestBusNamespace,
  testEndpoints,
} from '@platform/testkit';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGatewayBot } from '../src/gateway-bot.js';
import { GatewayIngest } from '../src/gateway-ingest.js';
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

const LEASE_TTL_MS = 1500;
const serviceDir = fileURLToPath(new URL('..', import.meta.url));
/** The replicas keep their guild cache under a prefix of this file's own. */
const redisPrefix = createTestRedisPrefix('gwr');

let sim: Simulator | undefined;
let bus: Bus | undefined;
let ns: TestBusNamespace | undefined;
const children: ChildProcess[] = [];
const instances: GatewayIngest[] = [];
const buses: Bus[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.allSettled(instances.splice(0).map((i) => i.stop(2000)));
  await Promise.allSettled(buses.splice(0).map((b) => b.close()));
  await bus?.close();
  await sim?.close();
  await ns?.clear();
  await redisPrefix.clear();
  bus = undefined;
  sim = undefined;
  ns = undefined;
});

/** A replica as its own process, running src/main.ts as the stack would. */
function startReplica(
  id: string,
  simulator: Simulator,
  namespace: string,
  shardCount: number,
  httpPort = 0,
): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@platform/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: serviceDir,
    env: {
      ...process.env,
      DISCORD_TOKEN: simulator.token,
      DISCORD_UPSTREAM_URL: simulator.apiUrl,
      DISCORD_GATEWAY_URL: simulator.gatewayUrl,
      NATS_URL: testEndpoints.natsUrl,
      BUS_NAMESPACE: namespace,
      REDIS_URL: testEndpoints.redisUrl,
      REDIS_PREFIX: redisPrefix.prefix,
      SHARD_COUNT: String(shardCount),
      INTENTS: 'Guilds,GuildMessages,MessageContent',
      LEASE_TTL: String(LEASE_TTL_MS),
      IDENTIFY_WINDOW: String(IDENTIFY_WINDOW_MS),
      REPLICA_ID: id,
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

async function leaseOwners(namespace: Bus['namespace'], shardCount: number): Promise<(string | null)[]> {
  if (!bus) throw new Error('no bus');
  const kv = await new Kvm(bus.connection).open(namespace.resource('GATEWAY_LEASES'));
  const owners: (string | null)[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    // The bucket does not exist until the first replica has started.
    const entry = await kv.get(`shard.${shard}`).catch(() => null);
    owners.push(entry && entry.operation === 'PUT' ? entry.string() : null);
  }
  return owners;
}

/** A simulator, a bus namespace of the test's own with the Discord stream in it, and a bus on it. */
async function openRun(label: string, maxConcurrency?: number) {
  const world = await startSim(maxConcurrency);
  sim = world;
  const namespaceOfRun = createTestBusNamespace(label);
  ns = namespaceOfRun;
  const testBus = await connectBus({
    url: testEndpoints.natsUrl,
    namespace: namespaceOfRun.name,
    name: 'test',
    registry: new Registry(),
  });
  bus = testBus;
  const stream = platformStreams(testBus.namespace).discord;
  await testBus.ensureStream(stream);
  return { world, testBus, stream, namespace: testBus.namespace, nsName: namespaceOfRun.name };
}

describe('replicas sharing shards through leases', () => {
  it('splits the shards; when one replica is killed -9 the other takes its shard over and resumes it', async () => {
    const SHARDS = 2;
    const { world, testBus, stream, namespace, nsName } = await openRun('gwr');

    const a = startReplica('a', world, nsName, SHARDS);
    await waitFor(async () => (await leaseOwners(namespace, SHARDS)).every((o) => o === 'a'), 'a to hold both shards');
    await waitFor(() => world.gateway.sessions().filter((s) => s.connected).length === SHARDS, 'both shards ready');
    const created: Created[] = [];
    for (let i = 0; i < 5; i++) postRound(world, SHARDS, created);

    startReplica('b', world, nsName, SHARDS);
    await waitFor(
      async () => (await leaseOwners(namespace, SHARDS)).sort().join() === 'a,b',
      'the shards to be split between a and b',
    );
    await waitFor(() => world.gateway.resumeLog.filter((r) => r.outcome === 'resumed').length === 1, 'b to resume');
    const owners = await leaseOwners(namespace, SHARDS);
    const shardOfA = owners.indexOf('a');
    for (let i = 0; i < 5; i++) postRound(world, SHARDS, created);

    a.kill('SIGKILL');
    for (let i = 0; i < 10; i++) {
      postRound(world, SHARDS, created);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(
      async () => (await leaseOwners(namespace, SHARDS)).every((o) => o === 'b'),
      'b to take over the shard of a',
    );
    await waitFor(() => world.gateway.resumeLog.filter((r) => r.outcome === 'resumed').length === 2, 'b to resume it');
    for (let i = 0; i < 5; i++) postRound(world, SHARDS, created);

    await waitFor(
      async () =>
        (await readStream(testBus.connection, stream.name)).filter((s) => s.envelope.t === 'MESSAGE_CREATE').length >=
        created.length,
      'every message',
    );
    const stored = await readStream(testBus.connection, stream.name);
    expect(checkAgainstTruth(stored, created, SHARDS)).toEqual([]);
    // Two identifies at the start, none since: the hand-over and the take-over both resumed.
    expect(world.gateway.identifyLog.filter((r) => r.outcome === 'ready')).toHaveLength(SHARDS);
    expect(world.gateway.resumeLog.map((r) => r.outcome)).toEqual(['resumed', 'resumed']);
    expect(world.gateway.sessions().find((s) => s.shardId === shardOfA)?.connected).toBe(true);
  });

  it('on SIGTERM closes resumably and releases its leases, so the next replica resumes at once', async () => {
    const SHARDS = 2;
    const { world, testBus, stream, namespace, nsName } = await openRun('gwt');
    const port = await freePort();
    const first = startReplica('first', world, nsName, SHARDS, port);
    await waitFor(() => world.gateway.sessions().filter((s) => s.connected).length === SHARDS, 'both shards ready');
    const http = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    await waitFor(async () => (await http('/readyz').catch(() => null))?.status === 200, 'readyz');
    expect((await http('/healthz')).status).toBe(200);
    await waitFor(
      async () => /gateway_ingest_leases_held(\{[^}]*\})? 2/.test(await (await http('/metrics')).text()),
      'metrics',
    );
    const created: Created[] = [];
    for (let i = 0; i < 5; i++) postRound(world, SHARDS, created);
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await leaseOwners(namespace, SHARDS)).toEqual([null, null]);
    for (let i = 0; i < 5; i++) postRound(world, SHARDS, created);
    startReplica('second', world, nsName, SHARDS);
    await waitFor(
      () => world.gateway.resumeLog.filter((r) => r.outcome === 'resumed').length === SHARDS,
      'both to resume',
    );
    await waitFor(
      async () =>
        (await readStream(testBus.connection, stream.name)).filter((s) => s.envelope.t === 'MESSAGE_CREATE').length >=
        created.length,
      'every message',
    );
    expect(checkAgainstTruth(await readStream(testBus.connection, stream.name), created, SHARDS)).toEqual([]);
    expect(world.gateway.identifyLog.filter((r) => r.outcome === 'ready')).toHaveLength(SHARDS);
  });

  it('keeps identifies within max_concurrency per window across replicas', async () => {
    const SHARDS = 4;
    const MAX_CONCURRENCY = 2;
    const { world, nsName } = await openRun('gwi', MAX_CONCURRENCY);
    const gateway = await fetchGatewayBot({
      apiUrl: world.apiUrl,
      token: world.token,
      shardCount: SHARDS,
      maxConcurrency: MAX_CONCURRENCY,
    });
    for (const replicaId of ['x', 'y']) {
      const replicaBus = await connectBus({
        url: testEndpoints.natsUrl,
        namespace: nsName,
        name: 'gateway-ingest',
        registry: new Registry(),
      });
      buses.push(replicaBus);
      instances.push(
        await GatewayIngest.start({
          bus: replicaBus,
          logger,
          registry: new Registry(),
          token: world.token,
          intents: 1 | 512,
          gateway,
          shardCount: SHARDS,
          replicaId,
          leaseTtlMs: LEASE_TTL_MS,
          identifyWindowMs: IDENTIFY_WINDOW_MS,
          bufferCapacity: 10_000,
        }),
      );
    }
    await waitFor(() => world.gateway.sessions().filter((s) => s.connected).length === SHARDS, 'every shard', 25_000);
    await waitFor(
      () => instances.every((i) => i.shards().length === SHARDS / 2),
      'the shards to be split evenly',
      25_000,
    );
    const log = world.gateway.identifyLog;
    expect(log.filter((r) => r.outcome === 'throttled')).toEqual([]);
    expect(log.filter((r) => r.outcome === 'ready')).toHaveLength(SHARDS);
    for (let key = 0; key < MAX_CONCURRENCY; key++) {
      const times = log.filter((r) => r.rateLimitKey === key).map((r) => r.at);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(IDENTIFY_WINDOW_MS);
    }
  });
});
