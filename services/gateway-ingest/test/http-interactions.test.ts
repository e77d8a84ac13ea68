import { type Bus, connectBus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import { createHttpServer, type HttpServer } from '@platform/service-kit';
import { createTestBusNamespace, type TestBusNamespace, testEndpoints } from '@platform/testkit';
import { ApplicationCommandType, ComponentType, InteractionType } from 'discord-api-types/v10';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerInteractionsEndpoint } from '../src/http-interactions.js';
import { gatewayMetrics } from '../src/metrics.js';
import { Publisher } from '../src/publisher.js';
import { logger, readStream } from './helpers.js';
import { testApplicationKey, unixSeconds } from './interaction-signing.js';

const GUILD = '300000000000000001';
const key = testApplicationKey();

function interaction(id: string, fields: Record<string, unknown>) {
  return {
    id,
    application_id: '100000000000000001',
    type: InteractionType.ApplicationCommand,
    token: `token-of-${id}`,
    version: 1,
    guild_id: GUILD,
    channel_id: '400000000000000001',
    member: {
      user: { id: '500000000000000001', username: 'ana' },
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
    },
    ...fields,
  };
}

const statsCommand = (id: string) =>
  interaction(id, { data: { id: '600000000000000001', name: 'stats', type: ApplicationCommandType.ChatInput } });

let ns: TestBusNamespace;
let bus: Bus;
let publisher: Publisher;
let app: HttpServer;
let registry: Registry;
let stream: string;

beforeEach(async () => {
  ns = createTestBusNamespace('gwi-http');
  bus = await connectBus({
    url: testEndpoints.natsUrl,
    namespace: ns.name,
    name: 'gateway-ingest',
    logger,
    registry: new Registry(),
  });
  const discord = platformStreams(bus.namespace).discord;
  stream = discord.name;
  await bus.ensureStream(discord);
  registry = new Registry();
  publisher = new Publisher({ bus, logger, metrics: gatewayMetrics(registry), capacity: 1000 });
  app = createHttpServer({ logger, registry });
  registerInteractionsEndpoint(app, {
    publicKey: key.publicKeyHex,
    subjects: bus.subjects,
    publish: (message) => publisher.enqueue(message),
    registry,
    logger,
  });
});

afterEach(async () => {
  await app.close();
  await publisher.close();
  await bus.close();
  await ns.clear();
});

interface PostOptions {
  timestamp?: string;
  /** The timestamp signed, when it differs from the one sent. */
  signedTimestamp?: string;
  signature?: string;
}

function post(body: string, options: PostOptions = {}) {
  const timestamp = options.timestamp ?? unixSeconds();
  const signature = options.signature ?? key.sign(options.signedTimestamp ?? timestamp, body);
  return app.inject({
    method: 'POST',
    url: '/interactions',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    payload: body,
  });
}

/** What reached the stream once everything handed to the publisher was acknowledged. */
async function stored() {
  expect(await publisher.drain(5_000)).toBe(true);
  return readStream(bus.connection, stream);
}

async function outcomeCount(outcome: string): Promise<number> {
  const metric = await registry.getSingleMetric('gateway_ingest_http_interactions_total')?.get();
  return metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('POST /interactions', () => {
  it('refuses a bad signature or a wrong timestamp with 401 and publishes nothing', async () => {
    const body = JSON.stringify(statsCommand('700000000000000001'));
    const otherKey = testApplicationKey();
    const now = unixSeconds();

    const forged = await post(body, { signature: otherKey.sign(now, body) });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ reason: 'bad_signature' });

    const tampered = await post(body.replace('stats', 'chart'), { signature: key.sign(now, body), timestamp: now });
    expect(tampered.statusCode).toBe(401);

    const wrongTimestamp = await post(body, { signedTimestamp: now, timestamp: String(Number(now) - 1) });
    expect(wrongTimestamp.statusCode).toBe(401);
    expect(wrongTimestamp.json()).toMatchObject({ reason: 'bad_signature' });

    const stale = await post(body, { timestamp: unixSeconds(Date.now() - 5 * 60_000) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ reason: 'stale_timestamp' });

    const unsigned = await app.inject({ method: 'POST', url: '/interactions', payload: body });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ reason: 'missing_signature' });

    const malformed = await post(body, { signature: 'not hex' });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.json()).toMatchObject({ reason: 'malformed_signature' });

    // A signed request after them: the stream holds it alone.
    const marker = JSON.stringify(statsCommand('700000000000000002'));
    expect((await post(marker)).statusCode).toBe(202);
    expect((await stored()).map((s) => s.envelope.id)).toEqual(['INTERACTION_CREATE:700000000000000002']);
    expect(await outcomeCount('bad_signature')).toBe(6);
  });

  it('answers PING with PONG and publishes nothing', async () => {
    const ping = JSON.stringify({
      id: '700000000000000010',
      application_id: '100000000000000001',
      type: InteractionType.Ping,
      token: 'ping-token',
      version: 1,
    });
    const response = await post(ping);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ type: 1 });

    expect((await post(JSON.stringify(statsCommand('700000000000000011')))).statusCode).toBe(202);
    expect((await stored()).map((s) => s.envelope.id)).toEqual(['INTERACTION_CREATE:700000000000000011']);
    expect(await outcomeCount('ping')).toBe(1);
  });

  it('publishes a command as the gateway path does, answering 202 with no body', async () => {
    const command = statsCommand('700000000000000020');
    const before = Date.now();
    const response = await post(JSON.stringify(command));
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe('');

    const [message, ...rest] = await stored();
    expect(rest).toEqual([]);
    expect(message?.subject).toBe(`${ns.name}.discord.interaction.stats.command`);
    expect(message?.subject).toBe(bus.subjects.interaction('stats', 'command'));
    expect(message?.envelope).toEqual({
      v: 1,
      id: 'INTERACTION_CREATE:700000000000000020',
      t: 'INTERACTION_CREATE',
      shard: null,
      seq: null,
      guildId: GUILD,
      receivedAt: expect.any(Number),
      d: command,
    });
    expect(message?.envelope.receivedAt).toBeGreaterThanOrEqual(before);
    expect(await outcomeCount('accepted')).toBe(1);
  });

  it('routes components by custom_id and publishes an unowned command as a dispatch', async () => {
    const button = interaction('700000000000000030', {
      type: InteractionType.MessageComponent,
      data: { custom_id: 'lending:return:42', component_type: ComponentType.Button },
    });
    const unknown = interaction('700000000000000031', {
      data: { id: '600000000000000002', name: 'no-such-command', type: ApplicationCommandType.ChatInput },
    });
    expect((await post(JSON.stringify(button))).statusCode).toBe(202);
    expect((await post(JSON.stringify(unknown))).statusCode).toBe(202);
    expect((await stored()).map((s) => s.subject)).toEqual([
      bus.subjects.interaction('lending', 'component'),
      bus.subjects.dispatch('INTERACTION_CREATE', GUILD),
    ]);
  });

  it('stores an interaction delivered twice once', async () => {
    const body = JSON.stringify(statsCommand('700000000000000040'));
    expect((await post(body)).statusCode).toBe(202);
    expect((await post(body)).statusCode).toBe(202);
    expect((await stored()).map((s) => s.envelope.id)).toEqual(['INTERACTION_CREATE:700000000000000040']);
    expect(await outcomeCount('accepted')).toBe(2);
  });

  it('refuses signed malformed JSON or a body that is no interaction with 400 and publishes nothing', async () => {
    const broken = await post('{"type": 2,');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatch(/not JSON/);

    const { token: _token, ...tokenless } = statsCommand('700000000000000050');
    const incomplete = await post(JSON.stringify(tokenless));
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().issues).toEqual([expect.objectContaining({ path: 'token' })]);

    expect((await post(JSON.stringify(statsCommand('700000000000000051')))).statusCode).toBe(202);
    expect((await stored()).map((s) => s.envelope.id)).toEqual(['INTERACTION_CREATE:700000000000000051']);
    expect(await outcomeCount('bad_request')).toBe(2);
  });
});
