import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { GuildCacheReader, guildCacheChanges, MemoryGuildCache, mergeJson, readGuildSnapshot } from '../src/index.js';

const GUILD = '100000000000000001';
const [EVERYONE, MODS, FANS] = [GUILD, '200000000000000001', '200000000000000002'];
const [TEXT, VOICE, OTHER] = ['300000000000000001', '300000000000000002', '300000000000000003'];
const [THREAD, OTHER_THREAD] = ['400000000000000001', '400000000000000002'];
const [ANA, BEN, CY] = ['500000000000000001', '500000000000000002', '500000000000000003'];

const role = (id: string, name: string) => ({ id, name, color: 0, position: 0, permissions: '0' });
const user = (id: string) => ({
  id,
  username: `u${id.slice(-1)}`,
  discriminator: '0',
  global_name: null,
  avatar: null,
});
const member = (id: string, roles: string[], extra: object = {}) => ({
  user: user(id),
  roles,
  nick: null,
  joined_at: '2026-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0,
  ...extra,
});
const thread = (id: string, parent: string, archived = false) => ({
  id,
  type: 11,
  guild_id: GUILD,
  parent_id: parent,
  name: `t${id.slice(-1)}`,
  message_count: 3,
  total_message_sent: 3,
  last_message_id: null,
  thread_metadata: {
    archived,
    auto_archive_duration: 60,
    archive_timestamp: '2026-01-01T00:00:00.000Z',
    locked: false,
  },
});
const presence = (id: string, status: string) => ({ user: { id }, guild_id: GUILD, status, activities: [] });
const dispatch = (t: string, d: unknown) => ({ t, d, op: 0, s: 1 }) as unknown as GatewayDispatchPayload;

const guildCreate = () =>
  dispatch('GUILD_CREATE', {
    id: GUILD,
    name: 'Guild',
    owner_id: ANA,
    afk_channel_id: null,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    member_count: 3,
    roles: [role(EVERYONE, '@everyone'), role(MODS, 'mods'), role(FANS, 'fans')],
    emojis: [],
    stickers: [],
    // GUILD_CREATE's channels and threads carry no guild_id; voice states no guild_id either.
    channels: [
      { id: TEXT, type: 0, name: 'general', last_message_id: null },
      { id: VOICE, type: 2, name: 'voice' },
      { id: OTHER, type: 0, name: 'other', last_message_id: null },
    ],
    threads: [
      { ...thread(THREAD, TEXT), guild_id: undefined },
      { ...thread(OTHER_THREAD, OTHER), guild_id: undefined },
    ],
    members: [member(ANA, [MODS, FANS]), member(BEN, [FANS]), member(CY, [])],
    voice_states: [{ user_id: BEN, channel_id: VOICE, session_id: 's', deaf: false, mute: false, self_mute: true }],
    presences: [presence(ANA, 'online'), presence(BEN, 'idle')],
    stage_instances: [],
    guild_scheduled_events: [],
  });

/** A cache fed with GUILD_CREATE and then `dispatches`, and its reader. */
function cacheAfter(...dispatches: GatewayDispatchPayload[]) {
  const cache = new MemoryGuildCache('test:');
  for (const d of [guildCreate(), ...dispatches]) cache.applyDispatch(d);
  return new GuildCacheReader(cache, 'test:');
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe('the guild cache reducer', () => {
  it('caches every kind from GUILD_CREATE, channels and threads with their guild id', async () => {
    const reader = cacheAfter();
    expect(await reader.guildIds()).toEqual([GUILD]);
    const guild = await reader.guild(GUILD);
    expect(guild).toMatchObject({ id: GUILD, name: 'Guild', emojis: [], stickers: [] });
    expect(guild).not.toHaveProperty('members');
    expect(guild).not.toHaveProperty('member_count');
    expect(ids(guild?.roles ?? [])).toEqual([GUILD, MODS, FANS].sort());
    expect(await reader.memberCount(GUILD)).toBe(3);
    expect(ids(await reader.channels(GUILD))).toEqual([TEXT, VOICE, OTHER]);
    expect((await reader.channels(GUILD)).every((c) => (c as { guild_id?: string }).guild_id === GUILD)).toBe(true);
    expect((await reader.threads(GUILD)).map((t) => t.guild_id)).toEqual([GUILD, GUILD]);
    expect(await reader.channel(GUILD, THREAD)).toMatchObject({ id: THREAD, parent_id: TEXT });
    expect((await reader.member(GUILD, ANA))?.roles).toEqual([MODS, FANS]);
    expect(await reader.voiceStates(GUILD)).toEqual([
      { user_id: BEN, channel_id: VOICE, session_id: 's', deaf: false, mute: false, self_mute: true, guild_id: GUILD },
    ]);
    expect((await reader.presences(GUILD)).map((p) => p.user.id).sort()).toEqual([ANA, BEN]);
  });

  it('drops a deleted role from every member, without a member update', async () => {
    const reader = cacheAfter(dispatch('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: FANS }));
    expect(await reader.role(GUILD, FANS)).toBeUndefined();
    expect((await reader.member(GUILD, ANA))?.roles).toEqual([MODS]);
    const members = [];
    for await (const m of reader.allMembers(GUILD, 1)) members.push(m);
    expect(members.map((m) => m.roles)).toEqual([[MODS], [], []]);
    // One write, whatever the number of members.
    expect(guildCacheChanges(dispatch('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: FANS }))).toHaveLength(1);
  });

  it('takes a deleted channel’s threads with it, and only its own', async () => {
    const reader = cacheAfter(
      dispatch('MESSAGE_CREATE', { id: '600000000000000001', channel_id: THREAD, guild_id: GUILD }),
      dispatch('CHANNEL_DELETE', { id: TEXT, type: 0, guild_id: GUILD, name: 'general' }),
    );
    expect(ids(await reader.channels(GUILD))).toEqual([VOICE, OTHER]);
    expect(ids(await reader.threads(GUILD))).toEqual([OTHER_THREAD]);
    expect(await reader.channel(GUILD, THREAD)).toBeUndefined();
  });

  it('lets an archived thread leave the active ones, and an unarchived one come back', async () => {
    const archived = cacheAfter(dispatch('THREAD_UPDATE', thread(THREAD, TEXT, true)));
    expect(ids(await archived.threads(GUILD))).toEqual([OTHER_THREAD]);
    const back = cacheAfter(
      dispatch('THREAD_UPDATE', thread(THREAD, TEXT, true)),
      dispatch('THREAD_UPDATE', { ...thread(THREAD, TEXT), name: 'back' }),
    );
    expect(await back.channel(GUILD, THREAD)).toMatchObject({ name: 'back' });
    const created = cacheAfter(
      dispatch('THREAD_CREATE', { ...thread('400000000000000009', VOICE), newly_created: true }),
    );
    expect(await created.channel(GUILD, '400000000000000009')).not.toHaveProperty('newly_created');
    const deleted = cacheAfter(dispatch('THREAD_DELETE', { id: THREAD, guild_id: GUILD, parent_id: TEXT, type: 11 }));
    expect(ids(await deleted.threads(GUILD))).toEqual([OTHER_THREAD]);
  });

  it('replaces the active threads of the channels a THREAD_LIST_SYNC names, with our thread member', async () => {
    const fresh = thread('400000000000000005', TEXT);
    const reader = cacheAfter(
      dispatch('THREAD_LIST_SYNC', {
        guild_id: GUILD,
        channel_ids: [TEXT],
        threads: [fresh, thread('400000000000000006', TEXT, true)],
        members: [{ id: fresh.id, user_id: ANA, join_timestamp: '2026-01-01T00:00:00.000Z', flags: 0 }],
      }),
    );
    expect(ids(await reader.threads(GUILD))).toEqual([OTHER_THREAD, fresh.id].sort());
    expect(await reader.channel(GUILD, fresh.id)).toMatchObject({ member: { user_id: ANA } });
    const all = cacheAfter(dispatch('THREAD_LIST_SYNC', { guild_id: GUILD, threads: [], members: [] }));
    expect(await all.threads(GUILD)).toEqual([]);
  });

  it('forgets a member who leaves with their voice state and presence, and counts joins and leaves', async () => {
    const reader = cacheAfter(
      dispatch('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: user(BEN) }),
      dispatch('GUILD_MEMBER_ADD', { ...member('500000000000000009', []), guild_id: GUILD }),
    );
    expect(await reader.member(GUILD, BEN)).toBeUndefined();
    expect(await reader.voiceState(GUILD, BEN)).toBeUndefined();
    expect(await reader.presence(GUILD, BEN)).toBeUndefined();
    expect(await reader.member(GUILD, '500000000000000009')).not.toHaveProperty('guild_id');
    expect(await reader.memberCount(GUILD)).toBe(3);
    const left = cacheAfter(dispatch('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: user(CY) }));
    expect(await left.memberCount(GUILD)).toBe(2);
  });

  it('merges a member update over the member, keeping what it leaves out', async () => {
    const { deaf: _, mute: __, ...partial } = member(ANA, [MODS], { nick: 'Ana', deaf: true, mute: true });
    const reader = cacheAfter(
      dispatch('GUILD_MEMBER_UPDATE', { ...member(ANA, [MODS], { deaf: true, mute: true }), guild_id: GUILD }),
      dispatch('GUILD_MEMBER_UPDATE', { ...partial, guild_id: GUILD }),
    );
    expect(await reader.member(GUILD, ANA)).toMatchObject({ nick: 'Ana', roles: [MODS], deaf: true, mute: true });
    expect(await reader.member(GUILD, ANA)).not.toHaveProperty('guild_id');
  });

  it('moves last_message_id and a thread’s counts on MESSAGE_CREATE until the object is stored again', async () => {
    const [m1, m2, m3] = ['600000000000000001', '600000000000000002', '600000000000000003'];
    const reader = cacheAfter(
      dispatch('MESSAGE_CREATE', { id: m1, channel_id: TEXT, guild_id: GUILD }),
      dispatch('MESSAGE_CREATE', { id: m2, channel_id: THREAD, guild_id: GUILD }),
      dispatch('MESSAGE_CREATE', { id: m3, channel_id: THREAD, guild_id: GUILD }),
      dispatch('MESSAGE_CREATE', { id: m3, channel_id: '300000000000000777' }),
    );
    expect(await reader.channel(GUILD, TEXT)).toMatchObject({ last_message_id: m1 });
    expect(await reader.channel(GUILD, THREAD)).toMatchObject({
      last_message_id: m3,
      message_count: 5,
      total_message_sent: 5,
    });
    expect((await reader.channels(GUILD)).find((c) => c.id === TEXT)).toMatchObject({ last_message_id: m1 });
    expect((await reader.threads(GUILD)).find((t) => t.id === THREAD)).toMatchObject({ message_count: 5 });

    const updated = cacheAfter(
      dispatch('MESSAGE_CREATE', { id: m2, channel_id: THREAD, guild_id: GUILD }),
      dispatch('THREAD_UPDATE', { ...thread(THREAD, TEXT), message_count: 4, total_message_sent: 4 }),
      dispatch('CHANNEL_UPDATE', { id: TEXT, type: 0, guild_id: GUILD, name: 'renamed', last_message_id: null }),
    );
    expect(await updated.channel(GUILD, THREAD)).toMatchObject({ message_count: 4, last_message_id: null });
    expect(await updated.channel(GUILD, TEXT)).toMatchObject({ name: 'renamed', last_message_id: null });
  });

  it('keeps voice states and presences as they come, forgetting a disconnect and an offline presence', async () => {
    const reader = cacheAfter(
      dispatch('VOICE_STATE_UPDATE', {
        guild_id: GUILD,
        user_id: ANA,
        channel_id: VOICE,
        session_id: 'x',
        deaf: false,
        mute: false,
        self_mute: false,
        member: member(ANA, [MODS, FANS]),
      }),
      dispatch('VOICE_STATE_UPDATE', { guild_id: GUILD, user_id: BEN, channel_id: null, session_id: 's' }),
      dispatch('PRESENCE_UPDATE', presence(ANA, 'offline')),
      dispatch('PRESENCE_UPDATE', presence(CY, 'dnd')),
    );
    expect(await reader.voiceStates(GUILD)).toEqual([
      { user_id: ANA, channel_id: VOICE, session_id: 'x', deaf: false, mute: false, self_mute: false, guild_id: GUILD },
    ]);
    expect((await reader.presences(GUILD)).map((p) => [p.user.id, p.status]).sort()).toEqual([
      [BEN, 'idle'],
      [CY, 'dnd'],
    ]);
  });

  it('adds the members of a GUILD_MEMBERS_CHUNK, with their presences', async () => {
    const reader = cacheAfter(
      dispatch('GUILD_MEMBERS_CHUNK', {
        guild_id: GUILD,
        members: [member('500000000000000007', [MODS])],
        presences: [presence('500000000000000007', 'online'), presence(CY, 'offline')],
        chunk_index: 0,
        chunk_count: 1,
      }),
    );
    expect((await reader.member(GUILD, '500000000000000007'))?.roles).toEqual([MODS]);
    expect((await reader.presences(GUILD)).map((p) => p.user.id).sort()).toEqual([ANA, BEN, '500000000000000007']);
  });

  it('follows guild updates, emoji and sticker updates, outages and removal', async () => {
    const emoji = { id: '700000000000000001', name: 'wave' };
    const reader = cacheAfter(
      dispatch('GUILD_UPDATE', { id: GUILD, name: 'Renamed', owner_id: ANA, roles: [], emojis: [], stickers: [] }),
      dispatch('GUILD_EMOJIS_UPDATE', { guild_id: GUILD, emojis: [emoji] }),
    );
    const guild = await reader.guild(GUILD);
    expect(guild).toMatchObject({ name: 'Renamed', emojis: [emoji] });
    // Roles are the cached ones, not the update's copy.
    expect(guild?.roles).toHaveLength(3);

    const outage = cacheAfter(dispatch('GUILD_DELETE', { id: GUILD, unavailable: true }));
    expect(await outage.unavailable(GUILD)).toBe(true);
    expect(await outage.guild(GUILD)).toMatchObject({ name: 'Guild' });

    const cache = new MemoryGuildCache();
    const fresh = new GuildCacheReader(cache);
    cache.applyDispatch(guildCreate());
    cache.applyDispatch(dispatch('GUILD_DELETE', { id: GUILD, unavailable: true }));
    cache.applyDispatch(guildCreate());
    expect(await fresh.unavailable(GUILD)).toBe(false);
    cache.applyDispatch(dispatch('GUILD_DELETE', { id: GUILD }));
    expect(await fresh.guildIds()).toEqual([]);
    expect(await fresh.guild(GUILD)).toBeUndefined();
    expect(await fresh.members(GUILD)).toEqual({ members: [], cursor: '0' });
  });

  it('starts over from each GUILD_CREATE, so what a gap lost does not stay', async () => {
    const cache = new MemoryGuildCache();
    const reader = new GuildCacheReader(cache);
    cache.applyDispatch(guildCreate());
    const before = await readGuildSnapshot(reader, GUILD);
    cache.applyDispatch(dispatch('CHANNEL_CREATE', { id: '300000000000000009', type: 0, guild_id: GUILD }));
    cache.applyDispatch(dispatch('MESSAGE_CREATE', { id: '600000000000000001', channel_id: TEXT, guild_id: GUILD }));
    expect(await readGuildSnapshot(reader, GUILD)).not.toEqual(before);
    cache.applyDispatch(guildCreate());
    expect(await readGuildSnapshot(reader, GUILD)).toEqual(before);
  });

  it('is pure: the same dispatch gives the same changes, and others give none', () => {
    const update = dispatch('GUILD_MEMBER_UPDATE', { ...member(ANA, [MODS]), guild_id: GUILD });
    expect(guildCacheChanges(update)).toEqual(guildCacheChanges(update));
    expect(guildCacheChanges(dispatch('TYPING_START', { channel_id: TEXT, guild_id: GUILD }))).toEqual([]);
    expect(guildCacheChanges(dispatch('CHANNEL_CREATE', { id: '900000000000000001', type: 1 }))).toEqual([]);
  });
});

describe('mergeJson', () => {
  it('keeps the stored scalar keys the update lacks, and nothing nested', () => {
    const merged = mergeJson(JSON.stringify({ a: 1, b: true, c: null, d: { x: 1 }, e: 'old' }), '{"e":"new"}');
    expect(JSON.parse(merged)).toEqual({ e: 'new', a: 1, b: true, c: null });
    expect(mergeJson(undefined, '{"e":1}')).toBe('{"e":1}');
  });
});
