import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';

describe('voice and ground truth', () => {
  it('tracks voice states and emits the full state on every change', () => {
    const f = fixture();
    const user = f.ordinaryUserId();
    const lounge = f.channel('Lounge').id;
    f.world.voiceJoin(f.guildId, user, lounge);
    const joined = f.dispatches.at(-1);
    expect(joined).toMatchObject({
      t: 'VOICE_STATE_UPDATE',
      guildId: f.guildId,
      d: {
        guild_id: f.guildId,
        channel_id: lounge,
        user_id: user,
        self_mute: false,
        deaf: false,
        member: { user: { id: user } },
      },
    });
    expect((joined?.d as { session_id?: string } | undefined)?.session_id).toMatch(/^[0-9a-f]{32}$/);
    f.world.voiceUpdate(f.guildId, user, { self_mute: true });
    expect(f.world.voiceStates(f.guildId)).toMatchObject([{ user_id: user, channel_id: lounge, self_mute: true }]);
    expect(f.world.guildCreate(f.guildId, 250).voice_states).toMatchObject([{ user_id: user, channel_id: lounge }]);
    f.world.voiceLeave(f.guildId, user);
    expect(f.dispatches.at(-1)).toMatchObject({ t: 'VOICE_STATE_UPDATE', d: { channel_id: null, user_id: user } });
    expect(f.world.voiceStates(f.guildId)).toEqual([]);
  });

  it('counts voice seconds clipped to the window, without the AFK channel', () => {
    const f = fixture();
    const user = f.ordinaryUserId();
    const t0 = f.clock.ms;
    f.world.voiceJoin(f.guildId, user, f.channel('Lounge').id);
    f.clock.advance(60_000);
    f.world.voiceJoin(f.guildId, user, f.channel('AFK').id);
    f.clock.advance(60_000);
    f.world.voiceJoin(f.guildId, user, f.channel('Lounge').id);
    f.clock.advance(60_000);
    f.world.voiceLeave(f.guildId, user);
    const [activity] = f.world.truth.activity(f.guildId, t0 + 30_000, t0 + 150_000);
    expect(activity).toMatchObject({ userId: user, voiceSeconds: 60 });
    expect(f.world.truth.activity(f.guildId, t0, t0 + 600_000)[0]?.voiceSeconds).toBe(120);
    // A session still open counts up to now.
    f.world.voiceJoin(f.guildId, user, f.channel('Lounge').id);
    f.clock.advance(10_000);
    expect(f.world.truth.activity(f.guildId, t0, t0 + 600_000)[0]?.voiceSeconds).toBe(130);
  });

  it('counts what each user did from live events', () => {
    const f = fixture();
    const general = f.channel('general').id;
    const alice = f.ordinaryUserId();
    const bot = f.world.bots[0]?.user.id ?? '';
    const t0 = f.clock.ms;
    const a = f.world.createMessage(general, alice, { content: 'hello' });
    f.world.createMessage(general, alice, {
      content: 'pics',
      files: [
        { name: 'a.png', contentType: 'image/png', bytes: new Uint8Array(10) },
        { name: 'b.png', contentType: 'image/png', bytes: new Uint8Array(10) },
      ],
    });
    f.world.editMessage(general, a.id, alice, { content: 'hello!' });
    f.world.addReaction(general, a.id, '👍', bot);
    f.world.deleteMessage(general, a.id, bot);
    f.clock.advance(1000);
    f.world.createMessage(general, alice, { content: 'later' });
    const byUser = Object.fromEntries(f.world.truth.activity(f.guildId, t0, t0 + 1000).map((u) => [u.userId, u]));
    expect(byUser[alice]).toEqual({
      userId: alice,
      messages: 2,
      edits: 1,
      deletions: 1,
      reactionsGiven: 0,
      reactionsReceived: 1,
      voiceSeconds: 0,
      attachments: 2,
    });
    expect(byUser[bot]).toMatchObject({ reactionsGiven: 1, messages: 0 });
    expect([...f.world.truth.events(t0, t0 + 1000)].map((e) => e.t)).toEqual([
      'MESSAGE_CREATE',
      'MESSAGE_CREATE',
      'MESSAGE_UPDATE',
      'MESSAGE_REACTION_ADD',
      'MESSAGE_DELETE',
    ]);
    expect([...f.world.truth.events(t0 + 1000, t0 + 2000)]).toHaveLength(1);
  });

  it('finds the busiest window of requests per bot', () => {
    const f = fixture('multi-bot');
    const [a, b] = f.world.bots.map((bot) => bot.user.id);
    const record = (botId: string | undefined, at: number) =>
      f.world.truth.recordRequest({ botId: botId ?? null, method: 'GET', route: '/users/@me', status: 200, at });
    for (const at of [0, 100, 200, 999, 1000, 1500, 3000]) record(a, at);
    for (const at of [0, 1, 2, 3, 4]) record(b, at);
    expect(f.world.truth.maxRequestsInWindow(a ?? '')).toBe(4);
    expect(f.world.truth.maxRequestsInWindow(a ?? '', 2000)).toBe(6);
    expect(f.world.truth.maxRequestsInWindow(b ?? '')).toBe(5);
    expect(f.world.truth.maxRequestsInWindow('nobody')).toBe(0);
    expect(f.world.truth.requests()).toHaveLength(12);
  });

  it('emits member joins and leaves with the guild id', () => {
    const f = fixture();
    const before = f.world.guildCreate(f.guildId, 250).member_count;
    const outsider = findOutsider(f);
    const member = f.world.memberJoin(f.guildId, outsider);
    expect(f.dispatches.find((d) => d.t === 'GUILD_MEMBER_ADD')).toMatchObject({
      guildId: f.guildId,
      d: { guild_id: f.guildId, user: { id: outsider }, roles: [], joined_at: member.joined_at },
    });
    expect(f.world.guildCreate(f.guildId, 250).member_count).toBe(before + 1);
    f.world.memberLeave(f.guildId, outsider);
    expect(f.dispatches.at(-1)).toMatchObject({
      t: 'GUILD_MEMBER_REMOVE',
      d: { guild_id: f.guildId, user: { id: outsider } },
    });
    expect(f.world.member(f.guildId, outsider)).toBeUndefined();
    expect(f.world.guildCreate(f.guildId, 250).member_count).toBe(before);
  });
});

/** A pool user who is not a member of the guild. */
function findOutsider(f: ReturnType<typeof fixture>): string {
  const outsider = f.world.users({ limit: 1000 }).find((u) => !f.world.member(f.guildId, u.id));
  if (!outsider) throw new Error('no outsider');
  return outsider.id;
}
