/**
 * A guild cache built from gateway dispatches alone, the way a consumer of the gateway keeps one: what a
 * test compares with the simulator's truth to prove the dispatches carry every change.
 */

type Obj = Record<string, unknown> & { id?: string };

/** A guild's state in a comparable form: objects keyed and sorted by id. */
export interface GuildSnapshot {
  guild: Obj;
  roles: Obj[];
  channels: Obj[];
  threads: Obj[];
  members: Obj[];
  voiceStates: Obj[];
  presences: Obj[];
}

/** Fields of GUILD_CREATE that are not the guild object itself. */
const CREATE_ONLY = [
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
];

const userId = (o: Obj) => (o.user as { id: string }).id;
const byKey = (key: (o: Obj) => string) => (a: Obj, b: Obj) => {
  const [x, y] = [key(a), key(b)];
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
};
const sorted = (items: Iterable<Obj>, key: (o: Obj) => string) => [...items].sort(byKey(key));
const without = (o: Obj, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
/** Voice states come with `guild_id` and `member` in VOICE_STATE_UPDATE, without in GUILD_CREATE. */
const voice = (o: Obj) => without(o, 'guild_id', 'member');

export class GuildCache {
  private guild: Obj;
  private readonly roles = new Map<string, Obj>();
  private readonly channels = new Map<string, Obj>();
  private readonly threads = new Map<string, Obj>();
  private readonly members = new Map<string, Obj>();
  private readonly voiceStates = new Map<string, Obj>();
  private readonly presences = new Map<string, Obj>();

  constructor(create: Obj) {
    const guildId = create.id as string;
    this.guild = without(create, ...CREATE_ONLY);
    for (const role of create.roles as Obj[]) this.roles.set(role.id as string, role);
    // Channels in GUILD_CREATE leave out the guild id they carry everywhere else.
    for (const channel of create.channels as Obj[])
      this.channels.set(channel.id as string, { ...channel, guild_id: guildId });
    for (const thread of create.threads as Obj[]) this.threads.set(thread.id as string, thread);
    for (const member of create.members as Obj[]) this.members.set(userId(member), member);
    for (const state of create.voice_states as Obj[]) this.voiceStates.set(state.user_id as string, voice(state));
    for (const presence of create.presences as Obj[]) this.presences.set(userId(presence), presence);
  }

  apply(t: string, d: Obj): void {
    switch (t) {
      case 'GUILD_UPDATE':
        this.guild = d;
        return;
      case 'GUILD_ROLE_CREATE':
      case 'GUILD_ROLE_UPDATE': {
        const role = d.role as Obj;
        this.roles.set(role.id as string, role);
        return;
      }
      case 'GUILD_ROLE_DELETE':
        // Discord sends no member updates: the role leaves every member with it.
        this.roles.delete(d.role_id as string);
        for (const [id, member] of this.members)
          this.members.set(id, { ...member, roles: (member.roles as string[]).filter((r) => r !== d.role_id) });
        return;
      case 'CHANNEL_CREATE':
      case 'CHANNEL_UPDATE':
        this.channels.set(d.id as string, d);
        return;
      case 'CHANNEL_DELETE':
        // Its threads go too, without THREAD_DELETE.
        this.channels.delete(d.id as string);
        for (const [id, thread] of this.threads) if (thread.parent_id === d.id) this.threads.delete(id);
        return;
      case 'THREAD_CREATE':
      case 'THREAD_UPDATE':
        if ((d.thread_metadata as { archived: boolean }).archived) this.threads.delete(d.id as string);
        else this.threads.set(d.id as string, without(d, 'newly_created'));
        return;
      case 'THREAD_DELETE':
        this.threads.delete(d.id as string);
        return;
      case 'GUILD_MEMBER_ADD':
      case 'GUILD_MEMBER_UPDATE':
        this.members.set(userId(d), without(d, 'guild_id'));
        return;
      case 'GUILD_MEMBER_REMOVE':
        this.members.delete(userId(d));
        this.presences.delete(userId(d));
        return;
      case 'PRESENCE_UPDATE':
        if (d.status === 'offline') this.presences.delete(userId(d));
        else this.presences.set(userId(d), d);
        return;
      case 'VOICE_STATE_UPDATE':
        if (d.channel_id === null) this.voiceStates.delete(d.user_id as string);
        else this.voiceStates.set(d.user_id as string, voice(d));
        return;
      case 'MESSAGE_CREATE': {
        // Discord sends no channel update for a new message: a cache follows it from the message.
        const thread = this.threads.get(d.channel_id as string);
        if (thread)
          this.threads.set(thread.id as string, {
            ...thread,
            last_message_id: d.id,
            message_count: (thread.message_count as number) + 1,
            total_message_sent: (thread.total_message_sent as number) + 1,
          });
        const channel = this.channels.get(d.channel_id as string);
        if (channel) this.channels.set(channel.id as string, { ...channel, last_message_id: d.id });
        return;
      }
    }
  }

  snapshot(): GuildSnapshot {
    return snapshotOf({
      guild: this.guild,
      roles: this.roles.values(),
      channels: this.channels.values(),
      threads: this.threads.values(),
      members: this.members.values(),
      voiceStates: this.voiceStates.values(),
      presences: this.presences.values(),
    });
  }
}

/** The snapshot of the JSON lines of `GET /_sim/truth/guilds/:id/state`. */
export function stateSnapshot(ndjson: string): GuildSnapshot {
  const lines = ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; data: Obj });
  const of = (type: string) => lines.filter((l) => l.type === type).map((l) => l.data);
  return snapshotOf({
    guild: of('guild')[0] ?? {},
    roles: of('role'),
    channels: of('channel'),
    threads: of('thread'),
    members: of('member'),
    voiceStates: of('voice_state').map(voice),
    presences: of('presence'),
  });
}

function snapshotOf(parts: {
  guild: Obj;
  roles: Iterable<Obj>;
  channels: Iterable<Obj>;
  threads: Iterable<Obj>;
  members: Iterable<Obj>;
  voiceStates: Iterable<Obj>;
  presences: Iterable<Obj>;
}): GuildSnapshot {
  const id = (o: Obj) => o.id as string;
  return {
    // Roles are compared on their own: the guild object's copy is as of its last GUILD_UPDATE.
    guild: without(parts.guild, 'roles'),
    roles: sorted(parts.roles, id),
    channels: sorted(parts.channels, id),
    threads: sorted(parts.threads, id),
    members: sorted(parts.members, userId),
    voiceStates: sorted(parts.voiceStates, (o) => o.user_id as string),
    presences: sorted(parts.presences, userId),
  };
}
