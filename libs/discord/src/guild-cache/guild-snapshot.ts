import type { GuildCacheReader } from './guild-cache-reader.js';

type Obj = Record<string, unknown>;

/** Everything known of one guild, from a cache or from another account of it (a simulator's truth). */
export interface GuildParts {
  guild: object | undefined;
  roles: readonly object[];
  channels: readonly object[];
  threads: readonly object[];
  members: readonly object[];
  voiceStates: readonly object[];
  presences: readonly object[];
}

/** A guild in a form two accounts of it can be compared in: lists sorted by id, nothing order-dependent. */
export interface GuildSnapshot {
  guild: Obj;
  roles: Obj[];
  channels: Obj[];
  threads: Obj[];
  members: Obj[];
  voiceStates: Obj[];
  presences: Obj[];
}

const without = (o: object, ...keys: string[]): Obj =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const userId = (o: Obj) => (o.user as { id: string }).id;
/** Snowflakes in numeric order: shorter first, then by text. */
const sorted = (items: readonly object[], key: (o: Obj) => string): Obj[] =>
  (items as Obj[]).toSorted((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
  });

export function guildSnapshotOf(parts: GuildParts): GuildSnapshot {
  const id = (o: Obj) => o.id as string;
  return {
    // Roles are compared as a list of their own, whatever order an account keeps them in.
    guild: without(parts.guild ?? {}, 'roles'),
    roles: sorted(parts.roles, id),
    channels: sorted(parts.channels, id),
    threads: sorted(parts.threads, id),
    members: sorted(parts.members, userId),
    // Voice states carry `guild_id` and `member` in VOICE_STATE_UPDATE, not in GUILD_CREATE.
    voiceStates: sorted(
      parts.voiceStates.map((v) => without(v, 'guild_id', 'member')),
      (o) => o.user_id as string,
    ),
    presences: sorted(parts.presences, userId),
  };
}

/** The snapshot of everything the cache holds of a guild, every member included. */
export async function readGuildSnapshot(reader: GuildCacheReader, guildId: string): Promise<GuildSnapshot> {
  const members = [];
  for await (const member of reader.allMembers(guildId)) members.push(member);
  const [guild, roles, channels, threads, voiceStates, presences] = await Promise.all([
    reader.guild(guildId),
    reader.roles(guildId),
    reader.channels(guildId),
    reader.threads(guildId),
    reader.voiceStates(guildId),
    reader.presences(guildId),
  ]);
  return guildSnapshotOf({ guild, roles, channels, threads, members, voiceStates, presences });
}
