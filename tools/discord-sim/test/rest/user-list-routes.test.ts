import { PermissionFlagsBits, PresenceUpdateStatus } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedScenarios, type ScenarioInput } from '../../src/world/scenario.js';
import { type MatchedOperation, OpenApiValidator } from './support/openapi-validator.js';
import { type Harness, startRest } from './support/rest-harness.js';

const [tinyGuild] = namedScenarios.tiny.guilds;

/** `tiny` with five guilds, enough to page through. */
const fiveGuilds: ScenarioInput = {
  ...namedScenarios.tiny,
  guilds: [{ ...tinyGuild, name: 'Guild 1' }, ...[2, 3, 4, 5].map((n) => ({ ...tinyGuild, name: `Guild ${n}` }))],
};

interface PartialGuild {
  id: string;
  name: string;
  owner: boolean;
  permissions: string;
  approximate_member_count?: number;
  approximate_presence_count?: number;
}

let h: Harness;
let ids: string[];
const validator = new OpenApiValidator();

async function listGuilds(query = ''): Promise<PartialGuild[]> {
  const answer = await h.call('GET', `/users/@me/guilds${query}`);
  expect(answer.status).toBe(200);
  return answer.body as PartialGuild[];
}

beforeAll(async () => {
  h = await startRest({
    scenario: fiveGuilds,
    limits: { globalPerSecond: 10_000, overrides: { '*': { limit: 1000, windowMs: 1000 } } },
  });
  ids = [...h.world.guildIds()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
});

afterAll(async () => {
  await h.close();
});

describe('GET /users/@me/guilds', () => {
  it("lists the bot's guilds as partial guilds, ascending by id, with its guild-level permissions", async () => {
    const guilds = await listGuilds();
    expect(guilds.map((guild) => guild.id)).toEqual(ids);
    expect(guilds.map((guild) => guild.name).sort()).toEqual(['Guild 1', 'Guild 2', 'Guild 3', 'Guild 4', 'Guild 5']);
    for (const guild of guilds) {
      expect(Object.keys(guild).sort()).toEqual(['banner', 'features', 'icon', 'id', 'name', 'owner', 'permissions']);
      expect(guild.owner).toBe(false);
      const permissions = BigInt(guild.permissions);
      // The bot's managed role moderates messages without Administrator.
      expect(permissions & PermissionFlagsBits.ManageMessages).toBe(PermissionFlagsBits.ManageMessages);
      expect(permissions & PermissionFlagsBits.Administrator).toBe(0n);
    }
  });

  it('adds approximate member and presence counts when asked', async () => {
    const [first] = ids as [string];
    const someone = h.world.members(first, { limit: 5 }).find((member) => !member.user.bot)?.user.id as string;
    h.world.setPresence(first, someone, { status: PresenceUpdateStatus.Online });
    const [guild] = await listGuilds('?with_counts=true&limit=1');
    expect(guild?.approximate_member_count).toBe(h.world.guildCreate(first, 1_000_000).member_count);
    expect(guild?.approximate_presence_count).toBe(h.world.presences(first).length);
    expect(guild?.approximate_presence_count).toBeGreaterThan(0);
    expect((await listGuilds('?with_counts=false&limit=1'))[0]).not.toHaveProperty('approximate_member_count');
  });

  it('pages with after, before and limit, always ascending', async () => {
    const page = async (query: string) => (await listGuilds(query)).map((guild) => guild.id);
    expect(await page(`?after=${ids[0]}&limit=2`)).toEqual(ids.slice(1, 3));
    expect(await page(`?after=${ids[4]}`)).toEqual([]);
    // `before` gives the guilds just before it, not the first ones.
    expect(await page(`?before=${ids[4]}&limit=2`)).toEqual(ids.slice(2, 4));
    expect(await page(`?after=${ids[0]}&before=${ids[4]}&limit=2`)).toEqual(ids.slice(1, 3));
    expect(await page('?limit=200')).toEqual(ids);
  });

  it('refuses a limit outside 1–200 and an id that is not a snowflake with 50035', async () => {
    for (const query of ['?limit=0', '?limit=201', '?after=abc', '?with_counts=maybe']) {
      const answer = await h.call('GET', `/users/@me/guilds${query}`);
      expect(answer.status, query).toBe(400);
      expect((answer.body as { code: number }).code, query).toBe(50035);
    }
  });

  it('answers what the OpenAPI description allows, with the route bucket', async () => {
    const operation = validator.match('GET', '/users/@me/guilds') as MatchedOperation;
    expect(operation.operationId).toBe('list_my_guilds');
    for (const query of ['', '?with_counts=true']) {
      const answer = await h.call('GET', `/users/@me/guilds${query}`);
      expect(validator.validateResponse(operation, answer.status, answer.body)).toEqual({ ok: true });
      expect(answer.headers.get('x-ratelimit-bucket')).toBeTruthy();
    }
  });
});

describe('GET /users/@me/channels', () => {
  it('lists no DM channel to a bot, not even one it opened, as Discord does', async () => {
    const [first] = ids as [string];
    const someone = h.world.members(first, { limit: 5 }).find((member) => !member.user.bot)?.user.id as string;
    const opened = await h.call('POST', '/users/@me/channels', { body: { recipient_id: someone } });
    expect(opened.status).toBe(200);
    const answer = await h.call('GET', '/users/@me/channels');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
    expect(answer.headers.get('x-ratelimit-bucket')).toBeTruthy();
  });

  it('is left out of the OpenAPI description, so only this test checks it', () => {
    expect(validator.match('GET', '/users/@me/channels')).toBeUndefined();
  });
});
