import { GuildCacheReader, guildSnapshotOf, MemoryGuildCache, readGuildSnapshot } from '@platform/discord';
import { type GatewayDispatchPayload, GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, parseGuildStateLines, type Simulator } from '../../src/index.js';
import { RawGatewayClient, type Received } from '../gateway/raw-gateway-client.js';
import { call } from './control-client.js';

const CACHE_INTENTS = I.Guilds | I.GuildMembers | I.GuildPresences | I.GuildVoiceStates | I.GuildMessages;
/** Events a session without the GUILD_MEMBERS and GUILD_PRESENCES intents must not get. */
const PRIVILEGED_EVENTS = ['GUILD_MEMBER_UPDATE', 'PRESENCE_UPDATE'];

let sim: Simulator;
let guildId: string;
const clients: RawGatewayClient[] = [];
const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  call<T>(sim.controlUrl, method, path, body);

beforeAll(async () => {
  sim = await createSimulator({ scenario: 'tiny', gateway: { heartbeatIntervalMs: 5000, identifyWindowMs: 0 } });
  guildId = sim.world.guildIds()[0] as string;
});

afterAll(async () => {
  for (const client of clients) client.terminate();
  await sim.close();
});

/** A session with the given intents, past its GUILD_CREATE, which it returns. */
async function session(intents: number): Promise<{ client: RawGatewayClient; create: GatewayDispatchPayload }> {
  const client = await RawGatewayClient.connect(sim.gateway.url);
  clients.push(client);
  await client.identify(sim.token, intents);
  const create = (await client.until((p) => p.t === 'GUILD_CREATE')).at(-1) as Received;
  return { client, create: create as GatewayDispatchPayload };
}

/** A cache fed by GUILD_CREATE and the given dispatches, read back whole. */
function cacheOf(dispatches: readonly GatewayDispatchPayload[]) {
  const cache = new MemoryGuildCache();
  for (const dispatch of dispatches) cache.applyDispatch(dispatch);
  return readGuildSnapshot(new GuildCacheReader(cache), guildId);
}

async function dispatches(client: RawGatewayClient, count: number): Promise<Received[]> {
  const out: Received[] = [];
  while (out.length < count) {
    const payload = await client.next();
    if (payload.op === 0) out.push(payload);
  }
  return out;
}

describe('storms and the guild state', () => {
  it('replays a storm of 500 updates from the dispatches alone onto GUILD_CREATE, giving the truth’s state', async () => {
    const full = await session(CACHE_INTENTS);
    const slim = await session(I.Guilds);

    const storm = await control<{ dispatches: number; updates: number; presenceUpdates: number; skipped: number }>(
      'POST',
      '/storm',
      { guild: guildId, updates: 500 },
    );
    expect(storm.status).toBe(200);
    expect(storm.body).toMatchObject({ guild: guildId, updates: 500 });
    expect(storm.body.presenceUpdates).toBeGreaterThan(100);

    const received = await dispatches(full.client, storm.body.dispatches);
    const types = new Set(received.map((p) => p.t));
    for (const t of [
      'GUILD_MEMBER_UPDATE',
      'PRESENCE_UPDATE',
      'CHANNEL_CREATE',
      'CHANNEL_UPDATE',
      'CHANNEL_DELETE',
      'THREAD_CREATE',
      'THREAD_UPDATE',
      'THREAD_DELETE',
      'GUILD_ROLE_CREATE',
      'GUILD_ROLE_UPDATE',
      'GUILD_ROLE_DELETE',
      'GUILD_UPDATE',
    ])
      expect(types).toContain(t);

    // The ground truth records them like every other event.
    const recorded = await control<{ t: string }[]>('GET', '/truth/events?type=GUILD_ROLE_DELETE');
    expect(recorded.body.length).toBe(received.filter((p) => p.t === 'GUILD_ROLE_DELETE').length);

    const state = await control('GET', `/truth/guilds/${guildId}/state`);
    expect(state.status).toBe(200);
    expect(state.headers.get('content-type')).toContain('application/x-ndjson');
    const truth = guildSnapshotOf(parseGuildStateLines(state.text));
    expect(truth.members).toHaveLength(sim.world.guildCreate(guildId, 250).member_count ?? 0);
    expect(truth.presences.length).toBeGreaterThan(0);
    expect(await cacheOf([full.create, ...(received as GatewayDispatchPayload[])])).toEqual(truth);
    expect(await cacheOf([full.create])).not.toEqual(truth);

    // Without GUILD_MEMBERS and GUILD_PRESENCES (and GUILD_MESSAGES), the rest arrives, and only the rest.
    const expected = received.filter((p) => !PRIVILEGED_EVENTS.includes(p.t as string) && !p.t?.startsWith('MESSAGE_'));
    const slimReceived = await dispatches(slim.client, expected.length);
    expect(slimReceived.map((p) => p.t)).toEqual(expected.map((p) => p.t));
    slim.client.send({ op: 1, d: null });
    expect(await slim.client.next()).toMatchObject({ op: 11 });
  });

  it('answers the state of a guild of the scenario only, and refuses bad storms with the reason', async () => {
    expect((await control('GET', '/truth/guilds/123/state')).status).toBe(404);
    expect((await control('GET', '/truth/guilds/abc/state')).status).toBe(400);
    for (const body of [
      { guild: guildId },
      { guild: guildId, updates: 0 },
      { guild: guildId, updates: 1.5 },
      { guild: 'abc', updates: 1 },
      { guild: guildId, updates: 1, sparkles: true },
    ]) {
      const answer = await control<{ error: string }>('POST', '/storm', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/^body/);
    }
    const unknown = await control<{ error: string }>('POST', '/storm', { guild: '123', updates: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain(guildId);
  });

  it('takes the churn rate through PATCH /_sim/traffic', async () => {
    const patched = await control<{ rates: { updatesPerSecond: number } }>('PATCH', '/traffic', {
      updatesPerSecond: 3,
    });
    expect(patched.body.rates.updatesPerSecond).toBe(3);
    expect((await control('PATCH', '/traffic', { updatesPerSecond: -1 })).status).toBe(400);
  });
});
