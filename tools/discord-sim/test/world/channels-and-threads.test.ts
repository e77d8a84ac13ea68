import { ChannelType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { caught, fixture } from './fixtures.js';

describe('channel and thread changes', () => {
  it('creates a channel members write in, edits it and deletes it', () => {
    const f = fixture();
    const category = f.channel('Text').id;
    const created = f.world.createChannel(f.guildId, {
      name: 'Night Owls',
      type: ChannelType.GuildText,
      parent_id: category,
      topic: 'after hours',
    });
    expect(created).toMatchObject({
      name: 'night-owls',
      type: ChannelType.GuildText,
      parent_id: category,
      topic: 'after hours',
      guild_id: f.guildId,
      last_message_id: null,
    });
    expect(f.dispatches.at(-1)).toEqual({ t: 'CHANNEL_CREATE', guildId: f.guildId, d: created });
    expect(f.world.channels(f.guildId).at(-1)).toEqual(created);
    expect(f.world.guildCreate(f.guildId, 250).channels.map((c) => c.id)).toContain(created.id);

    const message = f.world.createMessage(created.id, f.ordinaryUserId(), { content: 'first!' });
    expect(f.world.messages(created.id, {}).map((m) => m.id)).toEqual([message.id]);
    expect(f.world.chatLine(created.id, 1)).toEqual(expect.any(String));

    const updated = f.world.updateChannel(created.id, { topic: null, nsfw: true, parent_id: null });
    expect(updated).toMatchObject({ topic: null, nsfw: true, parent_id: null, last_message_id: message.id });
    expect(f.dispatches.at(-1)).toEqual({ t: 'CHANNEL_UPDATE', guildId: f.guildId, d: updated });
    expect(f.world.channel(created.id)).toEqual(updated);

    const deleted = f.world.deleteChannel(created.id);
    expect(f.dispatches.at(-1)).toEqual({ t: 'CHANNEL_DELETE', guildId: f.guildId, d: deleted });
    expect(f.world.channel(created.id)).toBeUndefined();
    expect(caught(() => f.world.messages(created.id, {})).code).toBe(10003);
  });

  it('refuses bad channel input, a thread as a channel, and the rules channel', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const lounge = f.channel('Lounge').id;
    expect(caught(() => f.world.createChannel(f.guildId, { name: '', type: ChannelType.GuildText })).code).toBe(50035);
    expect(caught(() => f.world.createChannel(f.guildId, { name: 'x', type: 11 as ChannelType.GuildText })).code).toBe(
      50035,
    );
    expect(caught(() => f.world.updateChannel(lounge, { topic: 'voice has none' })).code).toBe(50035);
    expect(caught(() => f.world.updateChannel(general, { parent_id: general })).code).toBe(50035);
    const thread = f.world.activeThreads(f.guildId)[0]?.id ?? '';
    expect(caught(() => f.world.updateChannel(thread, { name: 'x' })).code).toBe(50024);
    expect(caught(() => f.world.deleteChannel(general)).code).toBe(50074);
    expect(caught(() => f.world.updateChannel('1', {})).code).toBe(10003);
  });

  it('deletes as Discord does: voice members disconnected, children moved up, AFK unset, threads gone silently', () => {
    const f = fixture();
    const user = f.ordinaryUserId();
    const afk = f.channel('AFK').id;
    f.world.voiceJoin(f.guildId, user, afk);
    const voiceCategory = f.channel('Voice').id;
    const lounge = f.channel('Lounge').id;

    let before = f.dispatches.length;
    f.world.deleteChannel(voiceCategory);
    expect(f.dispatches.slice(before).map((d) => [d.t, (d.d as { id?: string }).id])).toEqual([
      ['CHANNEL_DELETE', voiceCategory],
      ['CHANNEL_UPDATE', lounge],
      ['CHANNEL_UPDATE', afk],
    ]);
    expect(f.world.channel(lounge)).toMatchObject({ parent_id: null });

    before = f.dispatches.length;
    f.world.deleteChannel(afk);
    expect(f.dispatches.slice(before).map((d) => d.t)).toEqual([
      'VOICE_STATE_UPDATE',
      'CHANNEL_DELETE',
      'GUILD_UPDATE',
    ]);
    expect(f.world.voiceStates(f.guildId)).toEqual([]);
    expect(f.world.guild(f.guildId)?.afk_channel_id).toBeNull();

    const random = f.channel('random').id;
    const thread = f.world.createThread(random, user, { name: 'side quest' });
    before = f.dispatches.length;
    f.world.deleteChannel(random);
    expect(f.dispatches.slice(before).map((d) => d.t)).toEqual(['CHANNEL_DELETE']);
    expect(f.world.channel(thread.id)).toBeUndefined();
    expect(f.world.activeThreads(f.guildId).map((t) => t.id)).not.toContain(thread.id);
  });

  it('opens a thread of its own with the ThreadCreated message, and members write in it', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const user = f.ordinaryUserId();
    const before = f.dispatches.length;
    const thread = f.world.createThread(general, user, { name: 'Weekend plans' });
    expect(thread).toMatchObject({
      type: ChannelType.PublicThread,
      name: 'Weekend plans',
      parent_id: general,
      owner_id: user,
      guild_id: f.guildId,
      message_count: 0,
      thread_metadata: { archived: false, locked: false, auto_archive_duration: 1440 },
    });
    const [create, announce] = f.dispatches.slice(before);
    expect(create).toEqual({ t: 'THREAD_CREATE', guildId: f.guildId, d: { ...thread, newly_created: true } });
    expect(announce).toMatchObject({
      t: 'MESSAGE_CREATE',
      d: {
        channel_id: general,
        type: MessageType.ThreadCreated,
        content: 'Weekend plans',
        author: { id: user },
        message_reference: { channel_id: thread.id, guild_id: f.guildId },
      },
    });
    expect(f.world.activeThreads(f.guildId)).toContainEqual(thread);

    const message = f.world.createMessage(thread.id, user, { content: 'saturday?' });
    expect(f.world.activeThreads(f.guildId).find((t) => t.id === thread.id)).toMatchObject({
      last_message_id: message.id,
      message_count: 1,
      total_message_sent: 1,
    });

    const privateThread = f.world.createThread(general, user, { name: 'secret', private: true });
    expect(privateThread.type).toBe(ChannelType.PrivateThread);
    expect(f.dispatches.at(-1)?.t).toBe('THREAD_CREATE');
  });

  it('starts a thread from a message, which then shows it', () => {
    const f = fixture();
    const random = f.channel('random').id;
    const user = f.ordinaryUserId();
    const message = f.world.createMessage(random, user, { content: 'who is in?' });
    const thread = f.world.createThread(random, user, { name: 'Who is in', messageId: message.id });
    expect(thread.id).toBe(message.id);
    expect(f.dispatches.at(-1)).toMatchObject({
      t: 'MESSAGE_UPDATE',
      d: { id: message.id, flags: MessageFlags.HasThread, thread: { id: thread.id, name: 'Who is in' } },
    });
    expect(f.world.message(random, message.id)?.thread?.id).toBe(thread.id);
    expect(caught(() => f.world.createThread(random, user, { name: 'again', messageId: message.id })).code).toBe(
      160004,
    );
    expect(caught(() => f.world.createThread(random, user, { name: 'x', messageId: '1' })).code).toBe(10008);
    expect(caught(() => f.world.createThread(f.channel('help').id, user, { name: 'post' })).code).toBe(50035);
    expect(caught(() => f.world.createThread(f.channel('Lounge').id, user, { name: 'x' })).code).toBe(50024);
    expect(
      caught(() => f.world.createThread(f.channel('announcements').id, user, { name: 'x', private: true })).code,
    ).toBe(50035);
  });

  it('archives, unarchives, renames and deletes threads', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const user = f.ordinaryUserId();
    const generated = f.world.activeThreads(f.guildId).find((t) => t.parent_id === general);
    if (!generated) throw new Error('no active thread in general');

    f.clock.advance(60_000);
    const archived = f.world.updateThread(generated.id, { archived: true, name: 'Old news', locked: true });
    expect(archived.thread_metadata).toMatchObject({ archived: true, locked: true });
    expect(Date.parse(archived.thread_metadata?.archive_timestamp ?? '')).toBe(f.clock.ms);
    expect(f.dispatches.at(-1)).toEqual({ t: 'THREAD_UPDATE', guildId: f.guildId, d: archived });
    expect(f.world.activeThreads(f.guildId).map((t) => t.id)).not.toContain(generated.id);
    const privateThreads = generated.type === ChannelType.PrivateThread;
    expect(f.world.archivedThreads(general, { private: privateThreads, limit: 10 }).threads).toContainEqual(archived);

    f.world.createMessage(generated.id, user, { content: 'bump' });
    expect(f.world.activeThreads(f.guildId).find((t) => t.id === generated.id)?.name).toBe('Old news');

    const before = f.dispatches.length;
    f.world.deleteThread(generated.id);
    expect(f.dispatches.slice(before)).toEqual([
      {
        t: 'THREAD_DELETE',
        guildId: f.guildId,
        d: { id: generated.id, guild_id: f.guildId, parent_id: general, type: generated.type },
      },
    ]);
    expect(f.world.channel(generated.id)).toBeUndefined();
    // The message that started it (or announced it) no longer shows it.
    const starter = f.world
      .messages(general, { around: generated.id, limit: 3 })
      .find((m) => m.thread !== undefined || m.message_reference?.channel_id === generated.id);
    expect(starter?.thread).toBeUndefined();
    expect(caught(() => f.world.updateThread(general, { archived: true })).code).toBe(50024);
    expect(caught(() => f.world.updateThread(generated.id, { archived: true })).code).toBe(10003);
  });
});
