import { ActivityType, GatewayIntentBits as I, PresenceUpdateStatus } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildMembersChunks } from '../../src/gateway/guild-members-chunks.js';
import type { ScenarioInput } from '../../src/world/index.js';
import { type GatewayFixture, startGateway } from './gateway-fixture.js';
import { RawGatewayClient, type Received } from './raw-gateway-client.js';

const ALL = { members: true, presences: true };
const NONE = { members: false, presences: false };

/** A guild of 2,500 members plus the scenario's bot. */
const scenario: ScenarioInput = {
  seed: 7,
  users: 3000,
  guilds: [{ name: 'Big', members: 2500, channels: [{ name: 'general' }] }],
};

let gw: GatewayFixture;
let guildId: string;
const clients: RawGatewayClient[] = [];

beforeAll(async () => {
  gw = await startGateway({ scenario });
  guildId = gw.world.guildIds()[0] as string;
});

afterAll(async () => {
  for (const client of clients) client.terminate();
  await gw.close();
});

async function identified(intents: number): Promise<RawGatewayClient> {
  const client = await RawGatewayClient.connect(gw.url);
  clients.push(client);
  await client.identify(gw.bot.token, intents);
  await client.until((p) => p.t === 'GUILD_CREATE');
  return client;
}

interface Chunk {
  guild_id: string;
  members: { user: { id: string } }[];
  chunk_index: number;
  chunk_count: number;
  not_found?: string[];
  nonce?: string;
  presences?: unknown[];
}

async function chunks(client: RawGatewayClient): Promise<Chunk[]> {
  const first = (await client.until((p) => p.t === 'GUILD_MEMBERS_CHUNK')).at(-1) as Received;
  const head = first.d as Chunk;
  const all = [head];
  while (all.length < head.chunk_count) all.push((await client.next()).d as Chunk);
  return all;
}

describe('REQUEST_GUILD_MEMBERS', () => {
  it('sends a large guild as GUILD_CREATE without the offline members, then the whole list in chunks of 1000', async () => {
    const client = await identified(I.Guilds | I.GuildMembers);
    const create = client.received.find((p) => p.t === 'GUILD_CREATE')?.d as { large: boolean; member_count: number };
    expect(create).toMatchObject({ large: true, member_count: 2501 });

    client.send({ op: 8, d: { guild_id: guildId, query: '', limit: 0, nonce: 'all' } });
    const answer = await chunks(client);
    expect(answer.map((c) => [c.chunk_index, c.chunk_count, c.members.length, c.nonce])).toEqual([
      [0, 3, 1000, 'all'],
      [1, 3, 1000, 'all'],
      [2, 3, 501, 'all'],
    ]);
    const ids = answer.flatMap((c) => c.members.map((m) => m.user.id));
    expect(new Set(ids).size).toBe(2501);
    expect(ids).toContain(gw.bot.user.id);
  });

  it('answers user_ids with the members found and the ids not found', async () => {
    const client = await identified(I.Guilds);
    const [member] = gw.world.members(guildId, { limit: 1 });
    client.send({ op: 8, d: { guild_id: guildId, user_ids: [member?.user.id, '42'], nonce: 'ids' } });
    const [chunk] = await chunks(client);
    expect(chunk).toMatchObject({ chunk_index: 0, chunk_count: 1, not_found: ['42'], nonce: 'ids' });
    expect(chunk?.members.map((m) => m.user.id)).toEqual([member?.user.id]);
  });

  it('answers `presences: true` with the members’ presences, given the GUILD_PRESENCES intent only', async () => {
    const [online, away, offline] = gw.world.members(guildId, { limit: 3 }).map((m) => m.user.id);
    gw.world.setPresence(guildId, online as string, {
      status: PresenceUpdateStatus.Online,
      activities: [{ name: 'Chess', type: ActivityType.Playing }],
    });
    gw.world.setPresence(guildId, away as string, { status: PresenceUpdateStatus.Idle, platform: 'mobile' });
    const request = { guild_id: guildId, user_ids: [online, away, offline], presences: true, nonce: 'p' };

    const withIntent = await identified(I.Guilds | I.GuildPresences);
    const create = withIntent.received.find((p) => p.t === 'GUILD_CREATE')?.d as {
      presences: { user: { id: string } }[];
    };
    // A large guild's GUILD_CREATE carries the presences of the members it carries: the bot and those in voice.
    expect(create.presences).toEqual([]);
    withIntent.send({ op: 8, d: request });
    const [chunk] = await chunks(withIntent);
    expect(chunk?.presences).toEqual([
      {
        user: { id: online },
        status: 'online',
        activities: [{ id: expect.any(String), name: 'Chess', type: 0, created_at: expect.any(Number) }],
        client_status: { desktop: 'online' },
      },
      { user: { id: away }, status: 'idle', activities: [], client_status: { mobile: 'idle' } },
    ]);

    const withoutIntent = await identified(I.Guilds);
    withoutIntent.send({ op: 8, d: request });
    expect((await chunks(withoutIntent))[0]).not.toHaveProperty('presences');
  });

  it('answers a query with at most `limit` members whose name starts with it', async () => {
    const client = await identified(I.Guilds);
    const [member] = gw.world.members(guildId, { limit: 1 });
    const prefix = member?.user.username.slice(0, 1) as string;
    client.send({ op: 8, d: { guild_id: guildId, query: prefix, limit: 5 } });
    const [chunk] = await chunks(client);
    expect(chunk?.members.length).toBeGreaterThan(0);
    expect(chunk?.members.length).toBeLessThanOrEqual(5);
  });

  it('sends nothing for the whole list without the GUILD_MEMBERS intent', async () => {
    const client = await identified(I.Guilds);
    client.send({ op: 8, d: { guild_id: guildId, query: '', limit: 0 } });
    client.send({ op: 1, d: null });
    expect(await client.next()).toMatchObject({ op: 11 });
  });

  it('pages the whole list without gaps (pure)', () => {
    const answer = guildMembersChunks(gw.world, { guild_id: guildId, query: '', limit: 1500 }, ALL);
    expect(answer?.map((c) => c.members.length)).toEqual([1000, 500]);
    const ids = answer?.flatMap((c) => c.members.map((m) => m.user.id)) ?? [];
    expect(ids).toEqual(
      gw.world
        .members(guildId, { limit: 1000 })
        .concat(gw.world.members(guildId, { after: ids[999], limit: 500 }))
        .map((m) => m.user.id),
    );
    expect(guildMembersChunks(gw.world, { guild_id: guildId, user_ids: '1' }, NONE)).toEqual([
      { guild_id: guildId, members: [], chunk_index: 0, chunk_count: 1, not_found: ['1'] },
    ]);
  });
});
