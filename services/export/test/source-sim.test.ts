import { GuildCacheReader, MemoryGuildCache } from '@platform/discord';
import { type APIMessage, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportMessage } from '../src/model/export-document.js';
import type { MessageBounds } from '../src/render/message-bounds.js';
import { type ChannelSourceOptions, DiscordChannelSource } from '../src/source/discord-channel-source.js';
import { type SimExport, simHistory, startSimExport } from './discord-sim-harness.js';

const options: ChannelSourceOptions = { utc: true, markdown: false, locale: 'en-US', reactionUsers: false };

async function collect(source: DiscordChannelSource, range: MessageBounds = {}) {
  const messages: ExportMessage[] = [];
  const progress: number[] = [];
  for await (const page of source.pages(range)) {
    messages.push(...page.messages);
    progress.push(page.progress);
  }
  return { messages, progress };
}

/** Ids, and the text of each message but system notices, whose content is DCE's own sentence. */
const idsAndContent = (messages: readonly (APIMessage | ExportMessage)[]) =>
  messages.map((m) => ({ id: m.id, content: isNotice(m) ? 'notice' : m.content }));
const isNotice = (m: APIMessage | ExportMessage): boolean =>
  typeof m.type === 'number' ? m.type >= 1 && m.type <= 18 : !['Default', 'Reply'].includes(m.type);

describe('DiscordChannelSource against the simulator', () => {
  let sim: SimExport;
  beforeAll(async () => {
    sim = await startSimExport();
  });
  afterAll(() => sim.close());

  it('gives every message of a channel once, in order, as the simulator holds them', async () => {
    const general = sim.channel('general');
    const history = simHistory(sim.world, general.id);
    expect(history.length).toBeGreaterThan(200);
    const source = await DiscordChannelSource.open(sim.session(), general.id, options);
    const { messages, progress } = await collect(source);
    expect(idsAndContent(messages)).toEqual(idsAndContent(history));
    expect(progress.length).toBe(Math.ceil(history.length / 100));
    expect(progress.toSorted((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(1);
    expect(source.guild.name).toBe('Export Guild');
    expect(source.channel).toMatchObject({ id: general.id, name: 'general', category: 'Text', type: 'GuildTextChat' });
  });

  it('exports a thread, with its parent channel as its category', async () => {
    const [thread] = sim.world.activeThreads(sim.guildId);
    expect(thread).toBeDefined();
    const id = thread?.id as string;
    const source = await DiscordChannelSource.open(sim.session(), id, options);
    const { messages } = await collect(source);
    expect(messages.map((m) => m.id)).toEqual(simHistory(sim.world, id).map((m) => m.id));
    expect(messages.length).toBeGreaterThan(0);
    const parent = sim.world.channel(thread?.parent_id as string);
    expect(source.channel).toMatchObject({ categoryId: parent?.id, category: parent?.name });
  });

  it('keeps within exclusive bounds', async () => {
    const general = sim.channel('general');
    const history = simHistory(sim.world, general.id);
    const after = history[40] as APIMessage;
    const before = history[160] as APIMessage;
    const source = await DiscordChannelSource.open(sim.session(), general.id, options);
    const { messages } = await collect(source, { after: after.id, before: before.id });
    expect(messages.map((m) => m.id)).toEqual(history.slice(41, 160).map((m) => m.id));
    const onlyAfter = await collect(source, { after: (history.at(-3) as APIMessage).id });
    expect(onlyAfter.messages.map((m) => m.id)).toEqual(history.slice(-2).map((m) => m.id));
  });

  it('gives nothing for a range before the channel began, or for a channel without messages', async () => {
    const general = sim.channel('general');
    const source = await DiscordChannelSource.open(sim.session(), general.id, options);
    expect((await collect(source, { before: '1000' })).messages).toEqual([]);
    const empty = await DiscordChannelSource.open(sim.session(), sim.channel('empty').id, options);
    expect((await collect(empty)).messages).toEqual([]);
  });

  it('asks for guild, channels and roles once per run, and each member once, not per message', async () => {
    const from = Date.now();
    // One lookup per member, as when listing is refused or the guild is too big to list (resolve-members.test.ts).
    const session = sim.session({ memberListMax: 0 });
    const general = sim.channel('general');
    const random = sim.channel('random');
    const all: ExportMessage[] = [];
    for (const channel of [general, random]) {
      const source = await DiscordChannelSource.open(session, channel.id, options);
      all.push(...(await collect(source)).messages);
    }
    expect(sim.calls('/guilds/:guild_id', from)).toBe(1);
    expect(sim.calls('/guilds/:guild_id/channels', from)).toBe(1);
    expect(sim.calls('/guilds/:guild_id/roles', from)).toBe(1);
    const referenced = new Set<string>();
    for (const channel of [general, random])
      for (const message of simHistory(sim.world, channel.id)) {
        referenced.add(message.author.id);
        for (const user of message.mentions) referenced.add(user.id);
        if (message.referenced_message) referenced.add(message.referenced_message.author.id);
      }
    expect(sim.calls('/guilds/:guild_id/members/:user_id', from)).toBe(referenced.size);
    expect(all.length).toBeGreaterThan(referenced.size * 5);
  });

  it('reads members from the shared guild cache first, asking Discord for none it holds', async () => {
    const cache = new MemoryGuildCache();
    cache.applyDispatch({
      op: 0,
      s: 1,
      t: GatewayDispatchEvents.GuildCreate,
      d: sim.world.guildCreate(sim.guildId, 1000),
    } as GatewayDispatchPayload);
    const from = Date.now();
    const random = sim.channel('random');
    const session = sim.session({ guildCache: new GuildCacheReader(cache) });
    const { messages } = await collect(await DiscordChannelSource.open(session, random.id, options));
    expect(sim.calls('/guilds/:guild_id/members/:user_id', from)).toBe(0);
    const author = (messages[0] as ExportMessage).author;
    const member = sim.world.member(sim.guildId, author.id);
    expect(author.nickname).toBe(member?.nick ?? member?.user.global_name ?? member?.user.username);
    expect(author.roles?.map((r) => r.id).toSorted()).toEqual([...(member?.roles ?? [])].toSorted());
  });

  it('fetches who reacted only when asked', async () => {
    const general = sim.channel('general');
    const history = simHistory(sim.world, general.id);
    const reacted = history.filter((m) => m.reactions?.length);
    expect(reacted.length).toBeGreaterThan(0);

    let from = Date.now();
    const plain = await collect(await DiscordChannelSource.open(sim.session(), general.id, options));
    expect(sim.calls('/channels/:channel_id/messages/:message_id/reactions/:emoji', from)).toBe(0);
    expect(plain.messages.flatMap((m) => m.reactions.flatMap((r) => r.users))).toEqual([]);

    from = Date.now();
    const source = await DiscordChannelSource.open(sim.session(), general.id, { ...options, reactionUsers: true });
    const withUsers = await collect(source);
    const reactions = reacted.flatMap((m) => m.reactions ?? []);
    expect(sim.calls('/channels/:channel_id/messages/:message_id/reactions/:emoji', from)).toBeGreaterThanOrEqual(
      reactions.length,
    );
    for (const message of reacted) {
      const exported = withUsers.messages.find((m) => m.id === message.id);
      for (const reaction of message.reactions ?? []) {
        const expected = sim.world.reactionUsers(
          general.id,
          message.id,
          reaction.emoji.id ? `${reaction.emoji.name}:${reaction.emoji.id}` : (reaction.emoji.name as string),
          { limit: 100 },
        );
        const got = exported?.reactions.find((r) => r.emoji.name === reaction.emoji.name);
        expect(got?.users.map((u) => u.id)).toEqual(expected.map((u) => u.id));
        expect(got?.users.every((u) => u.roles === undefined)).toBe(true);
      }
    }
  });
  it('stops at the newest message there was when it began', async () => {
    const general = sim.channel('general');
    const history = simHistory(sim.world, general.id);
    const source = await DiscordChannelSource.open(sim.session(), general.id, options);
    const pages = source.pages({})[Symbol.asyncIterator]();
    // The first pull takes the snapshot and the first of three pages; the live message lands after both.
    const first = await pages.next();
    sim.world.createMessage(general.id, (history[0] as APIMessage).author.id, { content: 'posted during the export' });
    const got = [...(first.value?.messages ?? [])];
    for (let next = await pages.next(); !next.done; next = await pages.next()) got.push(...next.value.messages);
    expect(got.map((m) => m.id)).toEqual(history.map((m) => m.id));
    expect(simHistory(sim.world, general.id).at(-1)?.content).toBe('posted during the export');
  });
});
