import { type ApplicationFlags, GatewayIntentBits as I } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { fanOutDispatch } from '../../src/gateway/dispatch-fanout.js';
import { GatewaySession } from '../../src/gateway/gateway-session.js';
import type { SimBot, WorldDispatch } from '../../src/world/world.js';

function bot(id: string): SimBot {
  return {
    user: { id, username: `bot${id}`, discriminator: '0', global_name: null, avatar: null, bot: true },
    application: { id: `app${id}`, name: `bot${id}`, flags: 0 as ApplicationFlags },
    token: `token-${id}`,
  };
}

/** A session with a sink that records the frames it is sent. */
function session(owner: SimBot, intents: number, shardId = 0, shardCount = 1) {
  const s = new GatewaySession({
    id: `${owner.user.id}-${shardId}`,
    bot: owner,
    shardId,
    shardCount,
    intents,
    replayBufferSize: 100,
  });
  const frames: { t: string; s: number; d: Record<string, unknown> }[] = [];
  s.attach({ send: (frame) => frames.push(JSON.parse(frame)), sessionTakenOver() {} });
  return { s, frames };
}

/** Two guild ids that fall on shards 0 and 1 of 2. */
const GUILD_ON_0 = (1n << 22n) * 2n;
const GUILD_ON_1 = (1n << 22n) * 3n;

const A = bot('100');
const B = bot('200');

function message(guildId: string | null, extra: Record<string, unknown> = {}): WorldDispatch {
  return {
    t: 'MESSAGE_CREATE',
    guildId,
    d: {
      id: '5',
      channel_id: '6',
      ...(guildId === null ? {} : { guild_id: guildId }),
      author: { id: '7' },
      mentions: [],
      content: 'hello',
      embeds: [],
      attachments: [],
      components: [],
      ...extra,
    },
  };
}

describe('fanOutDispatch', () => {
  it('delivers a guild event only to the shard that owns the guild', () => {
    const shard0 = session(A, I.GuildMessages | I.MessageContent, 0, 2);
    const shard1 = session(A, I.GuildMessages | I.MessageContent, 1, 2);
    fanOutDispatch(message(GUILD_ON_1.toString()), [shard0.s, shard1.s]);
    fanOutDispatch(message(GUILD_ON_0.toString()), [shard0.s, shard1.s]);
    expect(shard0.frames.map((f) => f.d.guild_id)).toEqual([GUILD_ON_0.toString()]);
    expect(shard1.frames.map((f) => f.d.guild_id)).toEqual([GUILD_ON_1.toString()]);
  });

  it('sends DMs to shard 0', () => {
    const shard0 = session(A, I.DirectMessages, 0, 2);
    const shard1 = session(A, I.DirectMessages, 1, 2);
    fanOutDispatch(message(null), [shard0.s, shard1.s]);
    expect(shard0.frames).toHaveLength(1);
    expect(shard1.frames).toHaveLength(0);
  });

  it('filters by intent, in guilds and in DMs', () => {
    const guildOnly = session(A, I.GuildMessages);
    const dmOnly = session(B, I.DirectMessages);
    const sessions = [guildOnly.s, dmOnly.s];
    fanOutDispatch(message('1'), sessions);
    fanOutDispatch(message(null), sessions);
    fanOutDispatch({ t: 'VOICE_STATE_UPDATE', guildId: '1', d: {} }, sessions);
    expect(guildOnly.frames.map((f) => f.t)).toEqual(['MESSAGE_CREATE']);
    expect(dmOnly.frames.map((f) => f.t)).toEqual(['MESSAGE_CREATE']);
    expect(guildOnly.frames[0]?.d.guild_id).toBe('1');
    expect(dmOnly.frames[0]?.d.guild_id).toBeUndefined();
  });

  it('delivers an event naming an application to that application only, whatever its intents', () => {
    const a = session(A, 0);
    const b = session(B, 0);
    fanOutDispatch({ t: 'INTERACTION_CREATE', guildId: '1', d: { id: '9' }, applicationId: B.application.id }, [
      a.s,
      b.s,
    ]);
    expect(a.frames).toHaveLength(0);
    expect(b.frames.map((f) => f.t)).toEqual(['INTERACTION_CREATE']);
  });

  it('strips content without MESSAGE_CONTENT except for mentions of the bot and its own messages', () => {
    const withContent = session(A, I.GuildMessages | I.MessageContent);
    const without = session(B, I.GuildMessages);
    const sessions = [withContent.s, without.s];
    fanOutDispatch(message('1'), sessions);
    fanOutDispatch(message('1', { mentions: [{ id: B.user.id }] }), sessions);
    fanOutDispatch(message('1', { author: { id: B.user.id } }), sessions);
    expect(withContent.frames.map((f) => f.d.content)).toEqual(['hello', 'hello', 'hello']);
    expect(without.frames.map((f) => f.d.content)).toEqual(['', 'hello', 'hello']);
  });

  it('numbers dispatches per session and keeps numbering while no connection is attached', () => {
    const a = session(A, I.GuildMessages);
    fanOutDispatch(message('1'), [a.s]);
    a.s.detach();
    fanOutDispatch(message('1'), [a.s]);
    fanOutDispatch(message('1'), [a.s]);
    expect(a.frames.map((f) => f.s)).toEqual([1]);
    expect(a.s.seq).toBe(3);
    const replay = a.s.since(1);
    expect(replay.ok && replay.frames.map((frame) => JSON.parse(frame).s)).toEqual([2, 3]);
  });

  it('refuses an event name that would break the frame', () => {
    expect(() => fanOutDispatch({ t: 'BAD","x', guildId: null, d: {} }, [])).toThrow(TypeError);
  });
});
