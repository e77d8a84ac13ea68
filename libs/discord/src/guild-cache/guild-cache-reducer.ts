import {
  type APIChannel,
  type APIThreadChannel,
  GatewayDispatchEvents as E,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
  PresenceUpdateStatus,
} from 'discord-api-types/v10';
import type { GuildCacheChange } from './guild-cache-change.js';
import { GUILD_FIELDS, type GuildCacheHash } from './guild-cache-keys.js';

/** The dispatches that change the guild cache; a writer may ignore every other one. */
export const GUILD_CACHE_EVENTS: ReadonlySet<string> = new Set<string>([
  E.GuildCreate,
  E.GuildUpdate,
  E.GuildDelete,
  E.GuildEmojisUpdate,
  E.GuildStickersUpdate,
  E.GuildRoleCreate,
  E.GuildRoleUpdate,
  E.GuildRoleDelete,
  E.ChannelCreate,
  E.ChannelUpdate,
  E.ChannelDelete,
  E.ThreadCreate,
  E.ThreadUpdate,
  E.ThreadDelete,
  E.ThreadListSync,
  E.GuildMemberAdd,
  E.GuildMemberUpdate,
  E.GuildMemberRemove,
  E.GuildMembersChunk,
  E.PresenceUpdate,
  E.VoiceStateUpdate,
  E.MessageCreate,
]);

/** Keys of GUILD_CREATE that are not the guild object, and parts of it kept in hashes or fields of their own. */
const NOT_GUILD_DATA = new Set([
  'joined_at',
  'large',
  'unavailable',
  'member_count',
  'voice_states',
  'members',
  'channels',
  'threads',
  'presences',
  'stage_instances',
  'guild_scheduled_events',
  'soundboard_sounds',
  'roles',
  'emojis',
  'stickers',
]);

type Json = Record<string, unknown>;

const without = (o: object, keys: ReadonlySet<string>): Json =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.has(k)));
const VOICE_EXTRA = new Set(['guild_id', 'member']);
const MEMBER_EXTRA = new Set(['guild_id']);
const THREAD_EXTRA = new Set(['newly_created']);
const encode = (value: unknown) => JSON.stringify(value);

/** `{ [key(item)]: JSON of item }` for HSET. */
function fieldsOf<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => unknown = (i) => i) {
  const fields: Record<string, string> = {};
  for (const item of items) fields[key(item)] = encode(value(item));
  return fields;
}

/**
 * What a dispatch changes in the guild cache, following what Discord implies without saying it:
 * - a deleted role leaves every member with it (done by the reader, which keeps members' roles to the roles
 *   that exist, so the deletion is one write whatever the guild's size);
 * - a deleted channel takes its threads (no THREAD_DELETE), and its voice members get VOICE_STATE_UPDATE;
 * - an archived thread leaves the active ones, and an unarchived one comes back with THREAD_UPDATE;
 * - a member who leaves loses their voice state and presence (no PRESENCE_UPDATE);
 * - a message moves its channel's `last_message_id` and its thread's counts (no CHANNEL_UPDATE).
 *
 * Pure: the same dispatch gives the same changes, whatever the cache holds.
 */
export function guildCacheChanges(dispatch: GatewayDispatchPayload): GuildCacheChange[] {
  switch (dispatch.t) {
    case E.GuildCreate: {
      const d = dispatch.d;
      if (d.unavailable) return [unavailable(d.id)];
      return guildCreate(d);
    }
    case E.GuildUpdate: {
      const d = dispatch.d;
      return [set(d.id, 'guild', guildFields(d))];
    }
    case E.GuildDelete: {
      const d = dispatch.d;
      // `unavailable` is an outage: the guild stays cached until it is back with GUILD_CREATE.
      return d.unavailable ? [unavailable(d.id)] : [{ op: 'clear', guildId: d.id }];
    }
    case E.GuildEmojisUpdate:
      return [set(dispatch.d.guild_id, 'guild', { [GUILD_FIELDS.emojis]: encode(dispatch.d.emojis) })];
    case E.GuildStickersUpdate:
      return [set(dispatch.d.guild_id, 'guild', { [GUILD_FIELDS.stickers]: encode(dispatch.d.stickers) })];
    case E.GuildRoleCreate:
    case E.GuildRoleUpdate: {
      const { guild_id, role } = dispatch.d;
      return [set(guild_id, 'roles', { [role.id]: encode(role) })];
    }
    case E.GuildRoleDelete:
      return [del(dispatch.d.guild_id, 'roles', [dispatch.d.role_id])];
    case E.ChannelCreate:
    case E.ChannelUpdate: {
      const d = dispatch.d as APIChannel & { guild_id?: string };
      if (!d.guild_id) return [];
      return [set(d.guild_id, 'channels', { [d.id]: encode(d) }), ...messageOverlaysGone(d.guild_id, [d.id])];
    }
    case E.ChannelDelete: {
      const d = dispatch.d as APIChannel & { guild_id?: string };
      if (!d.guild_id) return [];
      return [
        del(d.guild_id, 'channels', [d.id]),
        ...messageOverlaysGone(d.guild_id, [d.id]),
        { op: 'drop-threads', guildId: d.guild_id, parentIds: [d.id] },
      ];
    }
    case E.ThreadCreate:
    case E.ThreadUpdate: {
      const d = dispatch.d as APIThreadChannel & { guild_id: string };
      const stored = d.thread_metadata?.archived
        ? del(d.guild_id, 'threads', [d.id])
        : set(d.guild_id, 'threads', { [d.id]: encode(without(d, THREAD_EXTRA)) });
      return [stored, ...messageOverlaysGone(d.guild_id, [d.id])];
    }
    case E.ThreadDelete: {
      const { guild_id, id } = dispatch.d;
      return [del(guild_id, 'threads', [id]), ...messageOverlaysGone(guild_id, [id])];
    }
    case E.ThreadListSync: {
      const { guild_id, channel_ids, threads, members } = dispatch.d;
      const own = new Map(members.map((member) => [member.id, member]));
      const changes: GuildCacheChange[] = [{ op: 'drop-threads', guildId: guild_id, parentIds: channel_ids ?? null }];
      const active = (threads as APIThreadChannel[]).filter((thread) => !thread.thread_metadata?.archived);
      if (active.length > 0) {
        changes.push(
          set(
            guild_id,
            'threads',
            fieldsOf(
              active,
              (thread) => thread.id,
              (thread) => {
                const member = own.get(thread.id);
                return member ? { ...thread, guild_id, member } : { ...thread, guild_id };
              },
            ),
          ),
          ...messageOverlaysGone(
            guild_id,
            active.map((thread) => thread.id),
          ),
        );
      }
      return changes;
    }
    case E.GuildMemberAdd: {
      const d = dispatch.d;
      return [
        set(d.guild_id, 'members', { [d.user.id]: encode(without(d, MEMBER_EXTRA)) }),
        memberCount(d.guild_id, 1),
      ];
    }
    case E.GuildMemberUpdate: {
      const d = dispatch.d;
      return [
        {
          op: 'merge',
          guildId: d.guild_id,
          hash: 'members',
          field: d.user.id,
          value: encode(without(d, MEMBER_EXTRA)),
        },
      ];
    }
    case E.GuildMemberRemove: {
      const { guild_id, user } = dispatch.d;
      return [
        del(guild_id, 'members', [user.id]),
        del(guild_id, 'voice', [user.id]),
        del(guild_id, 'presences', [user.id]),
        memberCount(guild_id, -1),
      ];
    }
    case E.GuildMembersChunk: {
      const { guild_id, members, presences } = dispatch.d;
      const changes: GuildCacheChange[] = [];
      if (members.length > 0)
        changes.push(
          set(
            guild_id,
            'members',
            fieldsOf(members, (m) => m.user.id),
          ),
        );
      const online = (presences ?? []).filter((p) => p.status !== PresenceUpdateStatus.Offline);
      if (online.length > 0)
        changes.push(
          set(
            guild_id,
            'presences',
            fieldsOf(online, (p) => p.user.id),
          ),
        );
      return changes;
    }
    case E.PresenceUpdate: {
      const d = dispatch.d;
      return d.status === PresenceUpdateStatus.Offline
        ? [del(d.guild_id, 'presences', [d.user.id])]
        : [set(d.guild_id, 'presences', { [d.user.id]: encode(d) })];
    }
    case E.VoiceStateUpdate: {
      const d = dispatch.d;
      if (!d.guild_id) return [];
      return d.channel_id === null
        ? [del(d.guild_id, 'voice', [d.user_id])]
        : [set(d.guild_id, 'voice', { [d.user_id]: encode(without(d, VOICE_EXTRA)) })];
    }
    case E.MessageCreate: {
      const d = dispatch.d;
      if (!d.guild_id) return [];
      return [
        set(d.guild_id, 'last-messages', { [d.channel_id]: d.id }),
        { op: 'increment', guildId: d.guild_id, hash: 'message-counts', field: d.channel_id, by: 1 },
      ];
    }
    default:
      return [];
  }
}

function guildCreate(d: GatewayGuildCreateDispatchData): GuildCacheChange[] {
  const guildId = d.id;
  const changes: GuildCacheChange[] = [
    { op: 'clear', guildId },
    { op: 'index', guildId },
    set(guildId, 'guild', { ...guildFields(d), [GUILD_FIELDS.memberCount]: String(d.member_count) }),
  ];
  const add = (hash: GuildCacheHash, fields: Record<string, string>) => {
    if (Object.keys(fields).length > 0) changes.push(set(guildId, hash, fields));
  };
  add(
    'roles',
    fieldsOf(d.roles, (r) => r.id),
  );
  // Channels and threads in GUILD_CREATE leave out the guild id they carry everywhere else.
  add(
    'channels',
    fieldsOf(
      d.channels,
      (c) => c.id,
      (c) => ({ ...c, guild_id: guildId }),
    ),
  );
  add(
    'threads',
    fieldsOf(
      d.threads,
      (t) => t.id,
      (t) => ({ ...t, guild_id: guildId }),
    ),
  );
  add(
    'members',
    fieldsOf(d.members, (m) => m.user.id),
  );
  add(
    'voice',
    fieldsOf(
      d.voice_states,
      (v) => v.user_id,
      (v) => without(v, VOICE_EXTRA),
    ),
  );
  add(
    'presences',
    fieldsOf(
      d.presences.filter((p) => p.status !== PresenceUpdateStatus.Offline),
      (p) => p.user.id,
    ),
  );
  return changes;
}

/** The guild object's fields: the object without what has a hash or field of its own. */
function guildFields(d: object & { emojis?: unknown; stickers?: unknown }): Record<string, string> {
  const fields: Record<string, string> = { [GUILD_FIELDS.data]: encode(without(d, NOT_GUILD_DATA)) };
  if (d.emojis !== undefined) fields[GUILD_FIELDS.emojis] = encode(d.emojis);
  if (d.stickers !== undefined) fields[GUILD_FIELDS.stickers] = encode(d.stickers);
  return fields;
}

const set = (guildId: string, hash: GuildCacheHash, fields: Record<string, string>): GuildCacheChange => ({
  op: 'set',
  guildId,
  hash,
  fields,
});
const del = (guildId: string, hash: GuildCacheHash, fields: string[]): GuildCacheChange => ({
  op: 'delete',
  guildId,
  hash,
  fields,
});
const unavailable = (guildId: string) => set(guildId, 'guild', { [GUILD_FIELDS.unavailable]: '1' });
const memberCount = (guildId: string, by: number): GuildCacheChange => ({
  op: 'increment',
  guildId,
  hash: 'guild',
  field: GUILD_FIELDS.memberCount,
  by,
});
/** A channel or thread object newer than the messages counted for it makes their counts moot. */
const messageOverlaysGone = (guildId: string, ids: string[]): GuildCacheChange[] => [
  del(guildId, 'last-messages', ids),
  del(guildId, 'message-counts', ids),
];
