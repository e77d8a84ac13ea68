import { ActivityType, PermissionFlagsBits as P, PresenceUpdateStatus } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../src/world/snowflake.js';
import { caught, fixture } from './fixtures.js';

describe('member, presence, role and guild changes', () => {
  it('changes a nickname and roles, emitting the whole member, and leaves the others as generated', () => {
    const f = fixture();
    const user = f.ordinaryUserId();
    const others = f.world.members(f.guildId, { limit: 1000 }).filter((m) => m.user.id !== user);
    const [role] = f.world.roles(f.guildId).filter((r) => r.name === 'Regulars');
    const member = f.world.updateMember(f.guildId, user, { nick: 'Night Owl', roles: [role?.id ?? ''] });
    expect(member).toMatchObject({ nick: 'Night Owl', roles: [role?.id], user: { id: user } });
    expect(f.dispatches.at(-1)).toEqual({
      t: 'GUILD_MEMBER_UPDATE',
      guildId: f.guildId,
      d: { ...member, guild_id: f.guildId },
    });
    expect(f.dispatches.at(-1)?.d).toMatchObject({
      avatar: null,
      joined_at: expect.any(String),
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      communication_disabled_until: null,
      flags: 0,
    });
    expect(f.world.member(f.guildId, user)).toEqual(member);
    expect(f.world.members(f.guildId, { limit: 1000 }).find((m) => m.user.id === user)).toEqual(member);
    expect(f.world.searchMembers(f.guildId, 'night', 10).map((m) => m.user.id)).toEqual([user]);
    expect(f.world.members(f.guildId, { limit: 1000 }).filter((m) => m.user.id !== user)).toEqual(others);

    f.world.updateMember(f.guildId, user, { nick: '' });
    expect(f.world.member(f.guildId, user)).toMatchObject({ nick: null, roles: [role?.id] });
  });

  it('refuses what Discord refuses: unknown member and role, @everyone and managed roles, long nicknames', () => {
    const f = fixture();
    const user = f.ordinaryUserId();
    const bot = f.world.bots[0]?.user.id ?? '';
    const botRole = f.world.roles(f.guildId).find((r) => r.managed)?.id ?? '';
    expect(caught(() => f.world.updateMember(f.guildId, '1', { nick: 'x' })).code).toBe(10007);
    expect(caught(() => f.world.updateMember(f.guildId, user, { roles: ['1'] })).code).toBe(10011);
    expect(caught(() => f.world.updateMember(f.guildId, user, { roles: [f.guildId] })).code).toBe(50028);
    expect(caught(() => f.world.updateMember(f.guildId, user, { roles: [botRole] })).code).toBe(50028);
    expect(caught(() => f.world.updateMember(f.guildId, bot, { roles: [] })).code).toBe(50028);
    expect(caught(() => f.world.updateMember(f.guildId, user, { nick: 'x'.repeat(33) }))).toMatchObject({
      code: 50035,
      errors: { nick: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } },
    });
    expect(f.world.updateMember(f.guildId, bot, { nick: 'Helper', roles: [botRole] }).nick).toBe('Helper');
  });

  it('keeps presences for GUILD_CREATE, drops the offline and those who leave', () => {
    const f = fixture();
    const [a, b] = f.world.membersByActivity(f.guildId);
    const user = a ?? '';
    f.world.setPresence(f.guildId, user, {
      status: PresenceUpdateStatus.DoNotDisturb,
      activities: [{ name: 'Custom Status', type: ActivityType.Custom, state: 'busy' }],
      platform: 'web',
    });
    const presence = {
      user: { id: user },
      guild_id: f.guildId,
      status: 'dnd',
      activities: [{ id: 'custom', name: 'Custom Status', type: 4, state: 'busy', created_at: f.clock.ms }],
      client_status: { web: 'dnd' },
    };
    expect(f.dispatches.at(-1)).toEqual({ t: 'PRESENCE_UPDATE', guildId: f.guildId, d: presence });
    f.world.setPresence(f.guildId, b ?? '', { status: PresenceUpdateStatus.Online });
    expect(f.world.presences(f.guildId).map((p) => p.user.id)).toEqual([user, b ?? ''].sort(compareIds));
    expect(f.world.guildCreate(f.guildId, 250).presences).toEqual(f.world.presences(f.guildId));
    // A large guild carries the presences of the members it carries: here none of the two.
    expect(f.world.guildCreate(f.guildId, 5).presences).toEqual([]);

    f.world.setPresence(f.guildId, b ?? '', {
      status: PresenceUpdateStatus.Offline,
      activities: [{ name: 'x', type: 0 }],
    });
    expect(f.dispatches.at(-1)?.d).toEqual({
      user: { id: b },
      guild_id: f.guildId,
      status: 'offline',
      activities: [],
      client_status: {},
    });
    f.world.memberLeave(f.guildId, user);
    expect(f.world.presences(f.guildId)).toEqual([]);
    expect(caught(() => f.world.setPresence(f.guildId, user, { status: PresenceUpdateStatus.Online })).code).toBe(
      10007,
    );
  });

  it('creates, updates and deletes roles; a deleted role leaves every member without a member update', () => {
    const f = fixture();
    const staff = f.world.roles(f.guildId).find((r) => r.name === 'Moderators');
    const holders = () =>
      f.world
        .members(f.guildId, { limit: 1000 })
        .filter((m) => m.roles.includes(staff?.id ?? ''))
        .map((m) => m.user.id);
    const owner = f.world.guild(f.guildId)?.owner_id;
    expect(holders()).toContain(owner);

    const created = f.world.createRole(f.guildId, { name: 'Night Shift', color: 0x123456 });
    expect(created).toMatchObject({ name: 'Night Shift', color: 0x123456, position: 1, managed: false });
    expect(f.dispatches.at(-1)).toEqual({
      t: 'GUILD_ROLE_CREATE',
      guildId: f.guildId,
      d: { guild_id: f.guildId, role: created },
    });
    const updated = f.world.updateRole(f.guildId, created.id, { hoist: true, permissions: String(P.ManageMessages) });
    expect(f.dispatches.at(-1)?.d).toEqual({ guild_id: f.guildId, role: updated });
    expect(f.world.roles(f.guildId).find((r) => r.id === created.id)).toEqual(updated);
    const user = f.ordinaryUserId();
    const general = f.channel('general').id;
    expect(f.world.permissionsFor(general, user) & P.ManageMessages).toBe(0n);
    f.world.updateMember(f.guildId, user, { roles: [created.id] });
    expect(f.world.permissionsFor(general, user) & P.ManageMessages).toBe(P.ManageMessages);

    const before = f.dispatches.length;
    f.world.deleteRole(f.guildId, staff?.id ?? '');
    f.world.deleteRole(f.guildId, created.id);
    expect(f.dispatches.slice(before)).toEqual([
      { t: 'GUILD_ROLE_DELETE', guildId: f.guildId, d: { guild_id: f.guildId, role_id: staff?.id } },
      { t: 'GUILD_ROLE_DELETE', guildId: f.guildId, d: { guild_id: f.guildId, role_id: created.id } },
    ]);
    expect(holders()).toEqual([]);
    expect(f.world.member(f.guildId, user)?.roles).toEqual([]);
    expect(f.world.roles(f.guildId).map((r) => r.id)).not.toContain(staff?.id);
    expect(f.world.guild(f.guildId)?.roles.map((r) => r.id)).not.toContain(created.id);

    const botRole = f.world.roles(f.guildId).find((r) => r.managed)?.id ?? '';
    expect(caught(() => f.world.deleteRole(f.guildId, f.guildId)).code).toBe(50028);
    expect(caught(() => f.world.deleteRole(f.guildId, botRole)).code).toBe(50028);
    expect(caught(() => f.world.updateRole(f.guildId, botRole, { color: 1 })).code).toBe(50028);
    expect(caught(() => f.world.updateRole(f.guildId, f.guildId, { name: 'everyone' })).code).toBe(50028);
    expect(caught(() => f.world.deleteRole(f.guildId, created.id)).code).toBe(10011);
    expect(caught(() => f.world.createRole(f.guildId, { color: -1 })).code).toBe(50035);
  });

  it('changes guild settings, emitting the whole guild', () => {
    const f = fixture();
    const lounge = f.channel('Lounge').id;
    const guild = f.world.updateGuild(f.guildId, {
      name: 'Renamed',
      description: 'A quiet place',
      afk_channel_id: lounge,
    });
    expect(guild).toMatchObject({ name: 'Renamed', description: 'A quiet place', afk_channel_id: lounge });
    expect(f.dispatches.at(-1)).toEqual({ t: 'GUILD_UPDATE', guildId: f.guildId, d: guild });
    expect(f.world.guild(f.guildId)).toEqual(guild);
    expect(f.world.guildCreate(f.guildId, 250)).toMatchObject({ name: 'Renamed', afk_channel_id: lounge });
    expect(caught(() => f.world.updateGuild(f.guildId, { afk_channel_id: f.channel('general').id })).code).toBe(50035);
    expect(caught(() => f.world.updateGuild(f.guildId, { afk_timeout: 61 as 60 })).code).toBe(50035);
    expect(caught(() => f.world.updateGuild(f.guildId, { system_channel_id: '1' })).code).toBe(10003);
    expect(f.world.guild(f.guildId)?.afk_timeout).toBe(300);
  });
});
