import { type APIMessage, ChannelType, MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/create-world.js';
import { fixture } from './fixtures.js';

describe('guilds, members and channels', () => {
  it('sends every member in GUILD_CREATE up to large_threshold, then only bots and voice members', () => {
    const f = fixture();
    const small = f.world.guildCreate(f.guildId, 250);
    expect(small).toMatchObject({ id: f.guildId, large: false, unavailable: false, member_count: 21 });
    expect(small.members).toHaveLength(21);
    expect(small.presences).toEqual([]);
    const user = f.ordinaryUserId();
    f.world.voiceJoin(f.guildId, user, f.channel('Lounge').id);
    const large = f.world.guildCreate(f.guildId, 20);
    expect(large.large).toBe(true);
    expect(large.member_count).toBe(21);
    expect(large.members.map((m) => m.user.id).sort()).toEqual([f.world.bots[0]?.user.id, user].sort());
    expect(small.channels.every((c) => (c.type as ChannelType) !== ChannelType.PublicThread)).toBe(true);
    expect(small.threads.length).toBeGreaterThan(0);
    expect(small.threads.every((t) => t.thread_metadata?.archived === false)).toBe(true);
    expect(small.afk_channel_id).toBe(f.channel('AFK').id);
    expect(small.roles[0]?.id).toBe(f.guildId);
  });

  it('pages members by id, O(limit), with joins and leaves as an overlay', () => {
    const f = fixture({
      seed: 5,
      users: 5000,
      guilds: [{ name: 'M', members: 3000, channels: [{ name: 'general' }] }],
    });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = f.world.members(f.guildId, after ? { after, limit: 700 } : { limit: 700 });
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.user.id));
      after = page.at(-1)?.user.id;
    }
    expect(seen).toHaveLength(3001);
    expect(new Set(seen).size).toBe(3001);
    expect(seen.every((id, i) => i === 0 || BigInt(seen[i - 1] ?? '0') < BigInt(id))).toBe(true);
    const leaver = seen[10] ?? '';
    f.world.memberLeave(f.guildId, leaver);
    const outsider = f.world.users({ limit: 1000 }).find((u) => !f.world.member(f.guildId, u.id))?.id ?? '';
    f.world.memberJoin(f.guildId, outsider);
    const after2 = f.world.members(f.guildId, { limit: 1000 }).map((m) => m.user.id);
    expect(after2).not.toContain(leaver);
    const all = [...seen.filter((id) => id !== leaver), outsider].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(after2).toEqual(all.slice(0, 1000));
  });

  it('searches members by username, global name or nickname prefix', () => {
    const f = fixture('demo');
    const someone = f.world.members(f.guildId, { limit: 50 })[20];
    const prefix = someone?.user.username.slice(0, 5) ?? '';
    const found = f.world.searchMembers(f.guildId, prefix.toUpperCase(), 100);
    expect(found.map((m) => m.user.id)).toContain(someone?.user.id);
    expect(
      found.every((m) =>
        [m.user.username, m.user.global_name, m.nick].some((n) => n?.toLowerCase().startsWith(prefix)),
      ),
    ).toBe(true);
    expect(f.world.searchMembers(f.guildId, prefix, 1)).toHaveLength(1);
  });

  it('gives members nicknames, coloured roles and join dates', () => {
    const f = fixture('demo');
    const members = f.world.members(f.guildId, { limit: 600 });
    expect(members.some((m) => m.nick)).toBe(true);
    expect(members.some((m) => m.roles.length > 0)).toBe(true);
    const roles = f.world.roles(f.guildId);
    expect(roles.some((r) => r.color !== 0)).toBe(true);
    expect(members.every((m) => m.joined_at && Date.parse(m.joined_at) < Date.parse('2026-01-01'))).toBe(true);
    expect(members.filter((m) => m.user.bot).length).toBeGreaterThanOrEqual(2);
  });

  it('generates threads from messages, announced threads and forum posts', () => {
    const f = fixture('tiny');
    const general = f.channel('general').id;
    const threads = [
      ...f.world.activeThreads(f.guildId),
      ...f.world.archivedThreads(general, { private: false, limit: 100 }).threads,
      ...f.world.archivedThreads(general, { private: true, limit: 100 }).threads,
    ].filter((t) => t.parent_id === general);
    expect(threads).toHaveLength(2);
    const all: { id: string; thread?: { id: string }; type: number; message_reference?: { channel_id: string } }[] = [];
    for (let before: string | undefined; ; ) {
      const page = f.world.messages(general, before ? { before, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      all.push(...page);
      before = page.at(-1)?.id;
    }
    const started = all.find((m) => m.thread);
    expect(started?.thread?.id).toBe(started?.id);
    const announced = all.find((m) => m.type === MessageType.ThreadCreated);
    expect(threads.map((t) => t.id)).toContain(announced?.message_reference?.channel_id);
    const starterThread = f.world.messages(started?.id ?? '', { after: '0', limit: 1 })[0];
    expect(starterThread).toMatchObject({
      type: MessageType.ThreadStarterMessage,
      referenced_message: { id: started?.id },
    });
    const forum = f.channel('help').id;
    const posts = [
      ...f.world.activeThreads(f.guildId),
      ...f.world.archivedThreads(forum, { private: false, limit: 100 }).threads,
    ].filter((t) => t.parent_id === forum);
    expect(posts).toHaveLength(3);
    for (const post of posts) expect(f.world.messages(post.id, { after: '0', limit: 1 })[0]?.id).toBe(post.id);
  });

  it('makes a channel private to staff in the bigger scenarios', () => {
    for (const name of ['demo', 'large', 'multi-bot'] as const) {
      const world = createWorld(name);
      for (const guildId of world.guildIds()) {
        const bot = world.bots[0]?.user.id ?? '';
        const hidden = world.channels(guildId).filter((c) => (world.permissionsFor(c.id, bot) & 1024n) === 0n);
        expect(hidden.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('generates realistic content: mentions, replies, embeds, attachments of each kind, stickers, reactions, edits', () => {
    const f = fixture('demo');
    const general = f.channel('general').id;
    const messages: APIMessage[] = [];
    for (let before: string | undefined; ; ) {
      const page = f.world.messages(general, before ? { before, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      messages.push(...page);
      before = page.at(-1)?.id;
    }
    expect(messages).toHaveLength(5000);
    const share = (p: (m: (typeof messages)[number]) => boolean) => messages.filter(p).length / messages.length;
    expect(share((m) => m.mentions.length > 0)).toBeGreaterThan(0.05);
    expect(share((m) => m.type === MessageType.Reply && m.referenced_message !== undefined)).toBeGreaterThan(0.05);
    expect(share((m) => m.embeds.length > 0)).toBeGreaterThan(0.02);
    expect(share((m) => (m.reactions?.length ?? 0) > 0)).toBeGreaterThan(0.05);
    expect(share((m) => m.edited_timestamp !== null)).toBeGreaterThan(0.01);
    expect(messages.some((m) => m.sticker_items?.length)).toBe(true);
    expect(messages.some((m) => m.mention_roles.length > 0)).toBe(true);
    expect(messages.some((m) => m.content.includes('discord.gg/'))).toBe(true);
    expect(messages.some((m) => m.reactions?.some((r) => r.emoji.id !== null))).toBe(true);
    expect(messages.some((m) => m.type === MessageType.UserJoin)).toBe(false);
    expect(messages.some((m) => m.type === MessageType.ChatInputCommand && m.interaction_metadata)).toBe(true);
    const types = new Set(messages.flatMap((m) => m.attachments.map((a) => a.content_type)));
    for (const t of ['image/png', 'image/jpeg', 'image/gif', 'video/mp4', 'audio/mpeg', 'application/pdf'])
      expect(types).toContain(t);
    const embedTypes = new Set(messages.flatMap((m) => m.embeds.map((e) => e.type)));
    expect([...embedTypes].sort()).toEqual(expect.arrayContaining(['link', 'rich']));
    // A few users write most: the top tenth of authors write more than half.
    const byAuthor = new Map<string, number>();
    for (const m of messages) byAuthor.set(m.author.id, (byAuthor.get(m.author.id) ?? 0) + 1);
    const counts = [...byAuthor.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / messages.length).toBeGreaterThan(0.5);
  });
});
