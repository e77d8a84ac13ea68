import { GatewayCloseCodes, GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namedScenarios } from '../../src/world/index.js';
import { type GatewayFixture, postMessage, startGateway } from './gateway-fixture.js';
import { RawGatewayClient } from './raw-gateway-client.js';

const INTENTS = I.Guilds | I.GuildMembers | I.GuildMessages | I.GuildVoiceStates | I.MessageContent;

let gw: GatewayFixture;
const clients: RawGatewayClient[] = [];

async function connect(query?: string): Promise<RawGatewayClient> {
  const client = await RawGatewayClient.connect(gw.url, query);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  gw = await startGateway();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await gw.close();
});

describe('connecting', () => {
  it('says HELLO, then answers IDENTIFY with READY and a GUILD_CREATE per guild', async () => {
    const client = await connect();
    const hello = await client.next();
    expect(hello).toMatchObject({ op: 10, d: { heartbeat_interval: 5000 }, s: null, t: null });

    const ready = await client.identify(gw.bot.token, INTENTS, { shard: [0, 1] });
    const guildIds = gw.world.guildIds();
    expect(ready).toMatchObject({
      op: 0,
      s: 1,
      d: {
        v: 10,
        user: { id: gw.bot.user.id, bot: true },
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        resume_gateway_url: gw.url,
        shard: [0, 1],
        application: { id: gw.bot.application.id },
      },
    });
    expect((ready.d as { session_id: string }).session_id).toMatch(/^[0-9a-f]{32}$/);

    const creates = [];
    for (const _ of guildIds) creates.push(await client.next());
    expect(creates.map((p) => [p.t, p.s])).toEqual(guildIds.map((_, i) => ['GUILD_CREATE', i + 2]));
    const guild = creates[0]?.d as { id: string; members: unknown[]; channels: unknown[]; voice_states: unknown[] };
    expect(guild).toMatchObject({ id: guildIds[0] });
    expect(guild.members.length).toBeGreaterThan(0);
    expect(guild.channels.length).toBeGreaterThan(0);
    expect(Array.isArray(guild.voice_states)).toBe(true);
  });

  it('leaves out `shard` from READY when IDENTIFY had none', async () => {
    const client = await connect();
    const ready = await client.identify(gw.bot.token, INTENTS);
    expect(ready.d).not.toHaveProperty('shard');
  });

  it('sends no GUILD_CREATE without the GUILDS intent', async () => {
    const client = await connect();
    await client.identify(gw.bot.token, I.GuildMessages);
    client.send({ op: 1, d: null });
    expect(await client.next()).toMatchObject({ op: 11 });
  });

  it('acknowledges heartbeats and asks for one on demand', async () => {
    const client = await connect();
    await client.next();
    client.send({ op: 1, d: null });
    expect(await client.next()).toMatchObject({ op: 11 });
    expect(gw.server.requestHeartbeats()).toBe(1);
    expect(await client.next()).toMatchObject({ op: 1 });
  });

  it('delivers the world changes with consecutive sequence numbers', async () => {
    const client = await connect();
    const ready = await client.identify(gw.bot.token, INTENTS);
    const [guildId] = gw.world.guildIds();
    await client.until((p) => p.t === 'GUILD_CREATE');
    const id = postMessage(gw.world, guildId as string, 'numbered');
    const created = await client.next();
    expect(created).toMatchObject({ t: 'MESSAGE_CREATE', s: (ready.s as number) + 2, d: { id, content: 'numbered' } });
  });

  it('filters by intents and strips content without MESSAGE_CONTENT', async () => {
    const noMessages = await connect();
    await noMessages.identify(gw.bot.token, I.Guilds);
    const noContent = await connect();
    await noContent.identify(gw.bot.token, I.Guilds | I.GuildMessages);
    await noMessages.until((p) => p.t === 'GUILD_CREATE');
    await noContent.until((p) => p.t === 'GUILD_CREATE');
    const [guildId] = gw.world.guildIds();
    postMessage(gw.world, guildId as string, 'private words');
    expect(await noContent.next()).toMatchObject({ t: 'MESSAGE_CREATE', d: { content: '' } });
    noMessages.send({ op: 1, d: null });
    expect(await noMessages.next()).toMatchObject({ op: 11 });
  });
});

describe('zombie connections', () => {
  it('closes a connection that stops heartbeating with 4009 and ends its session', async () => {
    await gw.close();
    gw = await startGateway({ heartbeatIntervalMs: 100 });
    const client = await connect();
    await client.identify(gw.bot.token, INTENTS);
    client.send({ op: 1, d: null });
    expect(await client.closed).toEqual({ code: GatewayCloseCodes.SessionTimedOut, reason: 'Session timed out.' });
    expect(gw.server.sessions()).toEqual([]);
  });

  it('keeps a connection that heartbeats in time', async () => {
    await gw.close();
    gw = await startGateway({ heartbeatIntervalMs: 100 });
    const client = await connect();
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 80));
      client.send({ op: 1, d: null });
    }
    const acks = await client.until((p) => p.op === 11);
    expect(acks.at(-1)?.op).toBe(11);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });
});

describe('close codes', () => {
  const identify = (token: string, intents: number, extra: Record<string, unknown> = {}) => ({
    op: 2,
    d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' }, ...extra },
  });

  async function closeCodeAfter(...payloads: unknown[]): Promise<number> {
    const client = await connect();
    await client.next();
    for (const payload of payloads) client.send(payload);
    return (await client.closed).code;
  }

  it('4004 for an unknown token', async () => {
    expect(await closeCodeAfter(identify('not-a-token', INTENTS))).toBe(GatewayCloseCodes.AuthenticationFailed);
  });

  it('4013 for bits that are no intent', async () => {
    expect(await closeCodeAfter(identify(gw.bot.token, 1 << 17))).toBe(GatewayCloseCodes.InvalidIntents);
    expect(await closeCodeAfter(identify(gw.bot.token, -1))).toBe(GatewayCloseCodes.InvalidIntents);
  });

  it('4014 for a privileged intent the application was not granted', async () => {
    await gw.close();
    gw = await startGateway({ scenario: { ...namedScenarios.tiny, privilegedIntents: ['GUILD_MEMBERS'] } });
    expect(await closeCodeAfter(identify(gw.bot.token, I.Guilds | I.GuildPresences))).toBe(
      GatewayCloseCodes.DisallowedIntents,
    );
    expect(await closeCodeAfter(identify(gw.bot.token, I.Guilds | I.MessageContent))).toBe(
      GatewayCloseCodes.DisallowedIntents,
    );
  });

  it('4010 for a shard outside the shard count', async () => {
    expect(await closeCodeAfter(identify(gw.bot.token, INTENTS, { shard: [2, 2] }))).toBe(
      GatewayCloseCodes.InvalidShard,
    );
    expect(await closeCodeAfter(identify(gw.bot.token, INTENTS, { shard: [0, 0] }))).toBe(
      GatewayCloseCodes.InvalidShard,
    );
  });

  it('4005 for a second IDENTIFY', async () => {
    const client = await connect();
    await client.identify(gw.bot.token, INTENTS);
    client.send(identify(gw.bot.token, INTENTS));
    expect((await client.closed).code).toBe(GatewayCloseCodes.AlreadyAuthenticated);
  });

  it('4003 for a payload other than heartbeat, identify or resume before identifying', async () => {
    const request = { op: 8, d: { guild_id: gw.world.guildIds()[0], query: '', limit: 0 } };
    expect(await closeCodeAfter({ op: 1, d: null }, request)).toBe(GatewayCloseCodes.NotAuthenticated);
  });

  it('4001 for an unknown opcode', async () => {
    expect(await closeCodeAfter({ op: 42, d: null })).toBe(GatewayCloseCodes.UnknownOpcode);
  });

  it('4002 for invalid JSON and for a payload over 4096 bytes', async () => {
    expect(await closeCodeAfter('{"op":')).toBe(GatewayCloseCodes.DecodeError);
    expect(await closeCodeAfter({ op: 1, d: null, padding: 'x'.repeat(5000) })).toBe(GatewayCloseCodes.DecodeError);
  });

  it('4012 for a gateway version other than 10, before HELLO', async () => {
    const client = await connect('v=6&encoding=json');
    expect((await client.closed).code).toBe(GatewayCloseCodes.InvalidAPIVersion);
    expect(client.received).toEqual([]);
  });

  it('4008 for the 121st payload within 60 seconds', async () => {
    const client = await connect();
    await client.next();
    for (let i = 0; i < 121; i++) client.send({ op: 1, d: null });
    const closed = await client.closed;
    expect(closed.code).toBe(GatewayCloseCodes.RateLimited);
    expect(client.received.filter((p) => p.op === 11)).toHaveLength(120);
  });

  it('4007 for a RESUME with a sequence the session never reached', async () => {
    const first = await connect();
    const ready = await first.identify(gw.bot.token, INTENTS);
    const sessionId = (ready.d as { session_id: string }).session_id;
    first.terminate();
    await first.closed;
    const second = await connect();
    await second.next();
    second.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq: 1000 } });
    expect((await second.closed).code).toBe(GatewayCloseCodes.InvalidSeq);
    expect(gw.server.sessions()).toEqual([]);
    expect(gw.server.resumeLog.at(-1)).toMatchObject({ sessionId, seq: 1000, outcome: 'invalid-seq' });
  });
});
