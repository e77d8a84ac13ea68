import type { ScenarioInput, World } from '@platform/discord-sim';
import type { APIGuildMember } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAccessError } from '../src/discord/discord-access-error.js';
import type { ExportSessionOptions } from '../src/resolve/export-session.js';
import { MEMBER_LIST_MAX, shouldListMembers } from '../src/resolve/member-resolver.js';
import { type ChannelSourceOptions, DiscordChannelSource } from '../src/source/discord-channel-source.js';
import { exportScenario, type SimExport, simHistory, startSimExport } from './discord-sim-harness.js';

const options: ChannelSourceOptions = { utc: true, markdown: false, locale: 'en-US', reactionUsers: false };
const listRoute = '/guilds/:guild_id/members';
const memberRoute = '/guilds/:guild_id/members/:user_id';

/** A guild past one page of members, so that a listing takes two requests. */
const largeScenario: ScenarioInput = {
  name: 'export-members',
  seed: 11,
  users: 1300,
  historyDays: 30,
  guilds: [
    {
      name: 'Large Guild',
      members: 1200,
      roles: [
        { name: 'Mods', color: 0xe74c3c, staff: true },
        { name: 'Regulars', color: 0x3498db },
      ],
      channels: [{ name: 'general', history: 250 }],
    },
  ],
};

/** Every member of the guild in the simulator, in Discord's listing order. */
function simMembers(world: World, guildId: string): APIGuildMember[] {
  const all: APIGuildMember[] = [];
  for (;;) {
    const page = world.members(guildId, { limit: 1000, ...(all.length ? { after: all.at(-1)?.user.id } : {}) });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/** The users whose members an export of the channels resolves: authors, mentions and replied-to authors. */
function referencedUsers(world: World, channelIds: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const channelId of channelIds)
    for (const message of simHistory(world, channelId)) {
      ids.add(message.author.id);
      for (const user of message.mentions) ids.add(user.id);
      if (message.referenced_message) ids.add(message.referenced_message.author.id);
    }
  return ids;
}

/** Exports the channels in one run; the authors as exported, and the requests it made. */
async function exportAuthors(sim: SimExport, channelIds: readonly string[], sessionOptions?: ExportSessionOptions) {
  const from = Date.now();
  const session = sim.session(sessionOptions);
  const authors = [];
  for (const channelId of channelIds) {
    const source = await DiscordChannelSource.open(session, channelId, options);
    for await (const page of source.pages({})) authors.push(...page.messages.map((m) => m.author));
  }
  return { authors, lists: sim.calls(listRoute, from), lookUps: sim.calls(memberRoute, from) };
}

/** Each author shows its member's nickname and roles, as the simulator holds them. */
function expectMembersShown(sim: SimExport, authors: Awaited<ReturnType<typeof exportAuthors>>['authors']) {
  const members = authors.filter((author) => sim.world.member(sim.guildId, author.id));
  expect(members.length).toBeGreaterThan(0);
  for (const author of members) {
    const member = sim.world.member(sim.guildId, author.id) as APIGuildMember;
    expect(author.nickname).toBe(member.nick ?? member.user.global_name ?? member.user.username);
    expect(author.roles?.map((r) => r.id).toSorted()).toEqual([...member.roles].toSorted());
  }
}

describe('members of a small guild', () => {
  let sim: SimExport;
  let channelIds: string[];
  beforeAll(async () => {
    sim = await startSimExport(exportScenario);
    channelIds = [sim.channel('general').id, sim.channel('random').id];
  });
  afterEach(() => sim.server.faults.clear());
  afterAll(() => sim.close());

  it('lists the guild once for every channel of the run, and asks for no member by id', async () => {
    const members = simMembers(sim.world, sim.guildId).length;
    const listed = await exportAuthors(sim, channelIds);
    expect(listed.lists).toBe(Math.ceil(members / 1000));
    expect(listed.lookUps).toBe(0);
    expectMembersShown(sim, listed.authors);
    const oneByOne = await exportAuthors(sim, channelIds, { memberListMax: 0 });
    expect(oneByOne.lists).toBe(0);
    expect(oneByOne.lookUps).toBe(referencedUsers(sim.world, channelIds).size);
    expect(listed.authors).toEqual(oneByOne.authors);
    expect(listed.authors.some((author) => author.color !== null)).toBe(true);
  });

  it('asks member by member when Discord refuses the listing (no Server Members intent)', async () => {
    sim.server.faults.setServerErrorShare(1, 403, 'GET /guilds/:guild_id/members');
    const refused = await exportAuthors(sim, channelIds);
    expect(refused.lists).toBe(1);
    expect(refused.lookUps).toBe(referencedUsers(sim.world, channelIds).size);
    expectMembersShown(sim, refused.authors);
  });

  it('stops the run when the listing is refused for the token (401)', async () => {
    sim.server.faults.setServerErrorShare(1, 401, 'GET /guilds/:guild_id/members');
    const failure = await exportAuthors(sim, channelIds).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordAccessError);
    expect((failure as DiscordAccessError).kind).toBe('unauthorized');
  });
});

describe('members of a guild past one page', () => {
  let sim: SimExport;
  let channelIds: string[];
  beforeAll(async () => {
    sim = await startSimExport(largeScenario);
    channelIds = [sim.channel('general').id];
  });
  afterAll(() => sim.close());

  it('lists every page of members', async () => {
    const members = simMembers(sim.world, sim.guildId).length;
    expect(members).toBeGreaterThan(1000);
    const listed = await exportAuthors(sim, channelIds);
    expect(listed.lists).toBe(Math.ceil(members / 1000));
    expect(listed.lookUps).toBe(0);
    expectMembersShown(sim, listed.authors);
  });

  it('above the listing bound, asks by id only for users the listing did not reach', async () => {
    const firstPage = new Set(
      simMembers(sim.world, sim.guildId)
        .slice(0, 1000)
        .map((m) => m.user.id),
    );
    const unreached = [...referencedUsers(sim.world, channelIds)].filter((id) => !firstPage.has(id));
    expect(unreached.length).toBeGreaterThan(0);
    const bounded = await exportAuthors(sim, channelIds, { memberListMax: 1000 });
    expect(bounded.lists).toBe(1);
    expect(bounded.lookUps).toBe(unreached.length);
    expectMembersShown(sim, bounded.authors);
    const oneByOne = await exportAuthors(sim, channelIds, { memberListMax: 0 });
    expect(oneByOne.lists).toBe(0);
    expect(oneByOne.lookUps).toBe(referencedUsers(sim.world, channelIds).size);
    expect(bounded.authors).toEqual(oneByOne.authors);
  });
});

describe('shouldListMembers', () => {
  it('lists a guild Discord counts within the bound, or one it gave no count for', () => {
    expect(shouldListMembers(MEMBER_LIST_MAX, MEMBER_LIST_MAX)).toBe(true);
    expect(shouldListMembers(20, 1000)).toBe(true);
    expect(shouldListMembers(undefined, 1000)).toBe(true);
  });

  it('asks member by member in a guild counted past the bound, or when listing is off', () => {
    expect(shouldListMembers(MEMBER_LIST_MAX + 1, MEMBER_LIST_MAX)).toBe(false);
    expect(shouldListMembers(20, 0)).toBe(false);
    expect(shouldListMembers(undefined, 0)).toBe(false);
  });
});
