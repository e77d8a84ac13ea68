import { type APIChannel, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelListOrder, guildExportChannels, selectedExportChannels } from '../src/source/channel-listing.js';
import { type SimExport, startSimExport } from './discord-sim-harness.js';

const names = (channels: readonly APIChannel[]) => channels.map((c) => c.name);

describe('channel listings against the simulator', () => {
  let sim: SimExport;
  let botId: string;
  beforeAll(async () => {
    sim = await startSimExport();
    botId = sim.world.bots[0]?.user.id as string;
  });
  afterAll(() => sim.close());

  const parentOf = (channel: APIChannel) => ('parent_id' in channel ? channel.parent_id : null);
  const visible = (channel: APIChannel) =>
    (sim.world.permissionsFor(channel.id, botId) & PermissionFlagsBits.ViewChannel) !== 0n;

  it('lists a guild’s channels in DCE’s order, without categories and forums, voice as asked', async () => {
    const expected = sim.world
      .channels(sim.guildId)
      .filter((c) => c.type !== ChannelType.GuildCategory && c.type !== ChannelType.GuildForum)
      .sort((a, b) => ('position' in a ? a.position : 0) - ('position' in b ? b.position : 0));
    const session = sim.session();
    expect(names(await guildExportChannels(session, sim.guildId))).toEqual(names(expected));
    expect(names(await guildExportChannels(session, sim.guildId, { includeVoice: false }))).toEqual(
      names(expected.filter((c) => c.type !== ChannelType.GuildVoice)),
    );
  });

  it('adds threads: the active ones, or archived ones too, each once', async () => {
    const session = sim.session();
    const channels = sim.world.channels(sim.guildId);
    const active = sim.world.activeThreads(sim.guildId).filter(visible);
    const archived = channels
      .filter(
        (c) =>
          c.type === ChannelType.GuildText ||
          c.type === ChannelType.GuildForum ||
          c.type === ChannelType.GuildAnnouncement,
      )
      .filter(visible)
      .flatMap((c) => sim.world.archivedThreads(c.id, { private: false, limit: 100 }).threads);
    expect(active.length).toBeGreaterThan(0);
    expect(archived.length).toBeGreaterThan(0);

    const withActive = await guildExportChannels(session, sim.guildId, { includeThreads: 'active' });
    const activeIds = withActive.filter((c) => 'thread_metadata' in c).map((c) => c.id);
    expect(activeIds.toSorted()).toEqual(active.map((t) => t.id).toSorted());

    const withAll = await guildExportChannels(session, sim.guildId, { includeThreads: 'all' });
    const allIds = withAll.filter((c) => 'thread_metadata' in c).map((c) => c.id);
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(allIds.toSorted()).toEqual([...new Set([...active, ...archived].map((t) => t.id))].toSorted());
    // Forum posts come in as threads; the forum itself is never exported.
    const forum = sim.channel('help');
    expect(withAll.some((c) => c.id === forum.id)).toBe(false);
    expect(withAll.some((c) => parentOf(c) === forum.id)).toBe(true);
  });

  it('expands a category to its channels for export -c, forums left out', async () => {
    const general = sim.channel('general');
    const category = parentOf(general) as string;
    const session = sim.session();
    const channels = await selectedExportChannels(session, [category, sim.channel('empty').id]);
    expect(names(channels)).toEqual(['general', 'random', 'news', 'empty']);
    await expect(selectedExportChannels(session, [sim.channel('staff').id])).rejects.toMatchObject({
      kind: 'forbidden',
      permission: 'View Channel',
    });
  });

  it('orders a listing by category position, then name, each thread under its parent', () => {
    const channel = (id: string, name: string, parent: string | null, type = ChannelType.GuildText, position = 0) =>
      ({ id, name, type, parent_id: parent, position }) as APIChannel;
    const catB = channel('1', 'B', null, ChannelType.GuildCategory, 0);
    const catA = channel('2', 'A', null, ChannelType.GuildCategory, 1);
    const zeta = channel('3', 'zeta', '1');
    const alpha = channel('4', 'alpha', '1');
    const inA = channel('5', 'in-a', '2');
    const loose = channel('6', 'loose', null);
    const thread = channel('7', 'a thread', '3', ChannelType.PublicThread);
    const ordered = channelListOrder([inA, zeta, thread, alpha, loose], [catB, catA, zeta, alpha, inA, loose]);
    expect(names(ordered)).toEqual(['loose', 'alpha', 'zeta', 'a thread', 'in-a']);
  });
});
