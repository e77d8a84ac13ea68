import { MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';

describe('overlay of changes on generated history', () => {
  it('shows an edit of a generated message in pages and in the dispatch', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const target = f.world
      .messages(general, { limit: 20 })
      .find((m) => m.type === MessageType.Default && !m.author.bot);
    if (!target) throw new Error('no plain message');
    const edited = f.world.editMessage(general, target.id, target.author.id, { content: 'fixed typo' });
    expect(edited.content).toBe('fixed typo');
    expect(edited.edited_timestamp).not.toBeNull();
    expect(f.world.messages(general, { limit: 20 }).find((m) => m.id === target.id)?.content).toBe('fixed typo');
    expect(f.dispatches.at(-1)).toMatchObject({
      t: 'MESSAGE_UPDATE',
      guildId: f.guildId,
      d: { id: target.id, content: 'fixed typo', guild_id: f.guildId },
    });
  });

  it('removes deleted messages from pages and the count, and nulls replies to them', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const before = f.world.messageCount(general);
    let reply = f.world.messages(general, { limit: 100 }).find((m) => m.type === MessageType.Reply);
    for (let before2: string | undefined; !reply; ) {
      const page = f.world.messages(general, { before: before2 ?? '99999999999999999999', limit: 100 });
      reply = page.find((m) => m.type === MessageType.Reply);
      before2 = page.at(-1)?.id;
    }
    const targetId = reply.message_reference?.message_id ?? '';
    const target = f.world.message(general, targetId);
    expect(reply.referenced_message?.id).toBe(targetId);
    f.world.deleteMessage(general, targetId, target?.author.id ?? '');
    expect(f.world.message(general, targetId)).toBeUndefined();
    expect(f.world.messageCount(general)).toBe(before - 1);
    expect(f.world.message(general, reply.id)?.referenced_message).toBeNull();
    const all = [];
    for (let cursor: string | undefined; ; ) {
      const page = f.world.messages(general, cursor ? { before: cursor, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      all.push(...page.map((m) => m.id));
      cursor = page.at(-1)?.id;
    }
    expect(all).not.toContain(targetId);
    expect(all).toHaveLength(before - 1);
    expect(f.dispatches.at(-1)).toEqual({
      t: 'MESSAGE_DELETE',
      guildId: f.guildId,
      d: { id: targetId, channel_id: general, guild_id: f.guildId },
    });
  });

  it('counts reactions added and removed, with their users', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const message = f.world.messages(general, { limit: 5 })[2];
    if (!message) throw new Error('no message');
    const user = f.ordinaryUserId();
    const countOf = () =>
      f.world.message(general, message.id)?.reactions?.find((r) => r.emoji.name === '🦄')?.count ?? 0;
    f.world.addReaction(general, message.id, '🦄', user);
    f.world.addReaction(general, message.id, '🦄', user);
    expect(countOf()).toBe(1);
    expect(f.world.reactionUsers(general, message.id, '🦄', { limit: 10 }).map((u) => u.id)).toEqual([user]);
    expect(f.dispatches.filter((d) => d.t === 'MESSAGE_REACTION_ADD')).toHaveLength(1);
    f.world.removeReaction(general, message.id, '🦄', user);
    expect(countOf()).toBe(0);
    expect(f.world.message(general, message.id)?.reactions?.some((r) => r.emoji.name === '🦄') ?? false).toBe(false);
    const custom = f.world.guild(f.guildId)?.emojis[0];
    f.world.addReaction(general, message.id, `${custom?.name}:${custom?.id}`, user);
    expect(f.world.message(general, message.id)?.reactions?.find((r) => r.emoji.id === custom?.id)?.count).toBe(1);
  });

  it('pages the users of generated reactions by id', () => {
    const f = fixture('demo');
    const general = f.channel('general').id;
    const message = f.world.messages(general, { limit: 100 }).find((m) => (m.reactions?.[0]?.count ?? 0) >= 3);
    const reaction = message?.reactions?.[0];
    if (!message || !reaction) throw new Error('no reacted message');
    const key = reaction.emoji.id ? `${reaction.emoji.name}:${reaction.emoji.id}` : (reaction.emoji.name ?? '');
    const all = f.world.reactionUsers(general, message.id, key, { limit: 100 });
    expect(all).toHaveLength(reaction.count);
    const second = f.world.reactionUsers(general, message.id, key, { after: all[0]?.id, limit: 100 });
    expect(second.map((u) => u.id)).toEqual(all.slice(1).map((u) => u.id));
  });

  it('pins and unpins, announcing the pin with a system message', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const bot = f.world.bots[0]?.user.id ?? '';
    const generatedPins = f.world.pins(general);
    expect(generatedPins.length).toBeGreaterThan(0);
    expect(generatedPins.every((m) => m.pinned)).toBe(true);
    const message = f.world.messages(general, { limit: 3 })[1];
    if (!message) throw new Error('no message');
    f.world.pin(general, message.id, bot);
    expect(f.world.pins(general).map((m) => m.id)).toContain(message.id);
    expect(f.world.message(general, message.id)?.pinned).toBe(true);
    const notice = f.world.messages(general, { limit: 1 })[0];
    expect(notice).toMatchObject({
      type: MessageType.ChannelPinnedMessage,
      author: { id: bot },
      message_reference: { message_id: message.id },
    });
    expect(f.dispatches.map((d) => d.t)).toContain('CHANNEL_PINS_UPDATE');
    f.world.unpin(general, message.id, bot);
    expect(f.world.pins(general).map((m) => m.id)).not.toContain(message.id);
  });

  it('creates replies to generated messages and uploads that the CDN serves back', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const bot = f.world.bots[0]?.user.id ?? '';
    const target = f.world.messages(general, { limit: 10 })[4];
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 250]);
    const reply = f.world.createMessage(general, bot, {
      content: 'see attached',
      message_reference: { message_id: target?.id ?? '' },
      files: [{ name: 'data file.bin', contentType: 'application/octet-stream', bytes }],
    });
    expect(reply.type).toBe(MessageType.Reply);
    expect(reply.referenced_message?.id).toBe(target?.id);
    expect(reply.mentions.map((u) => u.id)).toContain(target?.author.id);
    const attachment = reply.attachments[0];
    expect(attachment).toMatchObject({ filename: 'data_file.bin', size: 6 });
    expect(attachment?.url.startsWith('http://cdn.test/attachments/')).toBe(true);
    const served = f.world.cdnAsset(new URL(attachment?.url ?? '').pathname);
    expect(served?.bytes).toEqual(bytes);
    expect(f.dispatches.at(-1)).toMatchObject({
      t: 'MESSAGE_CREATE',
      d: { id: reply.id, guild_id: f.guildId, member: { roles: expect.any(Array) } },
    });
  });

  it('keeps DMs between a bot and a user', () => {
    const f = fixture();
    const bot = f.world.bots[0]?.user.id ?? '';
    const user = f.ordinaryUserId();
    const dm = f.world.openDm(bot, user);
    expect(f.world.openDm(bot, user).id).toBe(dm.id);
    const sent = f.world.createMessage(dm.id, bot, { content: 'hello' });
    expect(f.world.messages(dm.id, {}).map((m) => m.id)).toEqual([sent.id]);
    expect(f.dispatches.at(-1)).toMatchObject({ t: 'MESSAGE_CREATE', guildId: null });
  });

  it('bulk deletes recent messages', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const bot = f.world.bots[0]?.user.id ?? '';
    const ids = [1, 2, 3].map((n) => f.world.createMessage(general, bot, { content: `m${n}` }).id);
    f.world.bulkDeleteMessages(general, ids, bot);
    expect(ids.map((id) => f.world.message(general, id))).toEqual([undefined, undefined, undefined]);
    expect(f.dispatches.at(-1)).toMatchObject({ t: 'MESSAGE_DELETE_BULK', d: { ids, channel_id: general } });
  });
});
