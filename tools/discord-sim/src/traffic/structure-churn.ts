import {
  ActivityType,
  type APIChannel,
  ChannelType,
  MessageFlags,
  MessageType,
  type PresenceUpdateReceiveStatus,
  PresenceUpdateStatus,
} from 'discord-api-types/v10';
import type { Draws } from '../world/random.js';
import { snowflakeMs } from '../world/snowflake.js';
import { ADJECTIVES, CUSTOM_STATUSES, GAMES, NOUNS, THREAD_TOPICS } from '../world/vocabulary.js';
import type { PresenceInput } from '../world/world.js';
import type { TrafficContext } from './traffic-context.js';
import type { TrafficStats } from './traffic-stats.js';

/** The counts of {@link TrafficStats} that structure changes add to. */
export type StructureStat =
  | 'presenceUpdates'
  | 'memberUpdates'
  | 'channelUpdates'
  | 'threadUpdates'
  | 'roleUpdates'
  | 'guildUpdates';

interface Change {
  /** Relative frequency: presences change all the time, guild settings hardly ever. */
  weight: number;
  stat: StructureStat;
  /** Applies one change in the guild; true when the world took it. */
  apply(guildId: string): boolean;
}

/** Live channels, threads and roles the churn keeps at most per guild, deleting rather than creating beyond. */
const MAX_LIVE = 12;
const STATUSES: readonly [PresenceUpdateReceiveStatus, number][] = [
  [PresenceUpdateStatus.Online, 0.55],
  [PresenceUpdateStatus.Idle, 0.2],
  [PresenceUpdateStatus.DoNotDisturb, 0.1],
  [PresenceUpdateStatus.Offline, 0.15],
];
const PLATFORMS = ['desktop', 'desktop', 'mobile', 'web'] as const;
const TOPICAL = new Set<number>([ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum]);
const THREAD_PARENTS = new Set<number>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
const AFK_TIMEOUTS = [300, 900, 1800] as const;

/**
 * Changes of a guild's structure as its members and moderators make them: presences most of all, then
 * nicknames and roles of members, channel topics, threads opened, archived and deleted, and now and then
 * a role or a channel created or deleted, or a guild setting changed. What it creates it deletes again
 * (generated channels, threads and roles are edited, never deleted), so a long run stays the same size.
 */
export class StructureChurn {
  private readonly changes: Change[] = [
    { weight: 45, stat: 'presenceUpdates', apply: (g) => this.presence(g) },
    { weight: 30, stat: 'memberUpdates', apply: (g) => this.member(g) },
    { weight: 8, stat: 'channelUpdates', apply: (g) => this.topic(g) },
    { weight: 8, stat: 'threadUpdates', apply: (g) => this.thread(g) },
    { weight: 4, stat: 'roleUpdates', apply: (g) => this.role(g) },
    { weight: 3, stat: 'channelUpdates', apply: (g) => this.channel(g) },
    { weight: 2, stat: 'guildUpdates', apply: (g) => this.guildSettings(g) },
  ];
  private readonly liveFromMs: number;
  private lines = 0;

  constructor(
    private readonly ctx: TrafficContext,
    private readonly draws: Draws,
  ) {
    this.liveFromMs = Date.parse(ctx.world.scenario.historyEnd);
  }

  /** One change, in the given guild or one drawn by its size; counted in the stats when the world takes it. */
  update(guildId?: string): void {
    const { ctx, draws } = this;
    const guild = guildId ?? ctx.pickGuild(draws.float());
    if (guild === undefined) {
      ctx.skip('structure update', 'no guild');
      return;
    }
    const change = draws.weighted(this.changes, (c) => c.weight);
    if (change.apply(guild)) ctx.stats[change.stat]++;
  }

  private presence(guildId: string): boolean {
    const { ctx, draws } = this;
    const userId = ctx.roster(guildId).pickActive(draws.float());
    if (userId === undefined) return this.nothing('presence update', 'no member');
    const [status] = draws.weighted(STATUSES, ([, share]) => share);
    const presence: PresenceInput = { status, platform: draws.pick(PLATFORMS) };
    const kind = draws.float();
    if (kind < 0.3) presence.activities = [{ name: draws.pick(GAMES), type: ActivityType.Playing }];
    else if (kind < 0.45) presence.activities = [{ name: 'Spotify', type: ActivityType.Listening }];
    else if (kind < 0.6)
      presence.activities = [{ name: 'Custom Status', type: ActivityType.Custom, state: draws.pick(CUSTOM_STATUSES) }];
    return ctx.attempt('presence update', () => ctx.world.setPresence(guildId, userId, presence));
  }

  private member(guildId: string): boolean {
    const { ctx, draws } = this;
    const userId = ctx.roster(guildId).pickActive(draws.float());
    const member = userId === undefined ? undefined : ctx.world.member(guildId, userId);
    if (userId === undefined || member === undefined) return this.nothing('member update', 'no member');
    if (draws.chance(0.55)) {
      const name = member.user.global_name ?? member.user.username;
      const nick = member.nick && draws.chance(0.4) ? null : `${name} (${draws.pick(ADJECTIVES)})`.slice(0, 32);
      return ctx.attempt('member update', () => ctx.world.updateMember(guildId, userId, { nick }));
    }
    const assignable = ctx.world.roles(guildId).filter((r) => !r.managed && r.id !== guildId);
    if (assignable.length === 0) return this.nothing('member update', 'no role to give');
    const roleId = draws.pick(assignable).id;
    const roles = member.roles.includes(roleId)
      ? member.roles.filter((id) => id !== roleId)
      : [...member.roles, roleId];
    return ctx.attempt('member update', () => ctx.world.updateMember(guildId, userId, { roles }));
  }

  private topic(guildId: string): boolean {
    const { ctx, draws } = this;
    const channels = ctx.world.channels(guildId).filter((c) => TOPICAL.has(c.type));
    if (channels.length === 0) return this.nothing('topic edit', 'no channel with a topic');
    const channelId = draws.pick(channels).id;
    const topic = ctx.world.chatLine(channelId, this.lines++).slice(0, 1024);
    return ctx.attempt('topic edit', () => ctx.world.updateChannel(channelId, { topic }));
  }

  private channel(guildId: string): boolean {
    const { ctx, draws } = this;
    const channels = ctx.world.channels(guildId);
    const live = channels.filter((c) => this.isLive(c.id));
    if (live.length >= MAX_LIVE || (live.length > 0 && draws.chance(0.5))) {
      const channelId = draws.pick(live).id;
      return ctx.attempt('channel delete', () => ctx.world.deleteChannel(channelId));
    }
    const categories = channels.filter((c) => c.type === ChannelType.GuildCategory);
    const parent = categories.length > 0 && draws.chance(0.7) ? draws.pick(categories).id : null;
    const type = draws.chance(0.75) ? ChannelType.GuildText : ChannelType.GuildVoice;
    const name = `${draws.pick(ADJECTIVES)}-${draws.pick(NOUNS)}`;
    return ctx.attempt('channel create', () => ctx.world.createChannel(guildId, { name, type, parent_id: parent }));
  }

  private thread(guildId: string): boolean {
    const { ctx, draws } = this;
    const active = ctx.world.activeThreads(guildId);
    const live = [...active, ...this.archivedThreads(guildId)].filter((t) => this.isLive(t.id));
    const u = draws.float();
    if (live.length >= MAX_LIVE || (u >= 0.75 && live.length > 0)) {
      const threadId = draws.pick(live).id;
      return ctx.attempt('thread delete', () => ctx.world.deleteThread(threadId));
    }
    if (u >= 0.45 && active.length > 0) {
      const threadId = draws.pick(active).id;
      return ctx.attempt('thread archive', () => ctx.world.updateThread(threadId, { archived: true }));
    }
    return this.openThread(guildId);
  }

  private openThread(guildId: string): boolean {
    const { ctx, draws } = this;
    const parents = ctx.world.channels(guildId).filter((c) => THREAD_PARENTS.has(c.type));
    const creatorId = ctx.roster(guildId).pickActive(draws.float());
    if (parents.length === 0 || creatorId === undefined) return this.nothing('thread create', 'no channel or member');
    const parent = draws.pick(parents);
    const name = draws.pick(THREAD_TOPICS);
    const starter = draws.chance(0.4) ? this.starter(parent) : undefined;
    const privateThread = starter === undefined && parent.type === ChannelType.GuildText && draws.chance(0.15);
    return ctx.attempt('thread create', () =>
      ctx.world.createThread(parent.id, creatorId, {
        name,
        ...(starter === undefined ? {} : { messageId: starter }),
        ...(privateThread ? { private: true } : {}),
      }),
    );
  }

  private archivedThreads(guildId: string): APIChannel[] {
    const { world } = this.ctx;
    return world
      .channels(guildId)
      .filter((c) => THREAD_PARENTS.has(c.type))
      .flatMap((c) => [false, true].flatMap((p) => world.archivedThreads(c.id, { private: p, limit: 100 }).threads));
  }

  /** A recent chat message of the channel that started no thread yet. */
  private starter(channel: APIChannel): string | undefined {
    const candidates = this.ctx.world
      .messages(channel.id, { limit: 20 })
      .filter(
        (m) =>
          (m.type === MessageType.Default || m.type === MessageType.Reply) &&
          (Number(m.flags ?? 0) & MessageFlags.HasThread) === 0,
      );
    return candidates.length === 0 ? undefined : this.draws.pick(candidates).id;
  }

  private role(guildId: string): boolean {
    const { ctx, draws } = this;
    const editable = ctx.world.roles(guildId).filter((r) => !r.managed && r.id !== guildId);
    const live = editable.filter((r) => this.isLive(r.id));
    const u = draws.float();
    if (live.length >= MAX_LIVE || (u >= 0.8 && live.length > 0)) {
      const roleId = draws.pick(live).id;
      return ctx.attempt('role delete', () => ctx.world.deleteRole(guildId, roleId));
    }
    if (u >= 0.4 && editable.length > 0) {
      const role = draws.pick(editable);
      const patch = draws.chance(0.6)
        ? { color: draws.int(0x1000000) }
        : draws.chance(0.5)
          ? { hoist: !role.hoist }
          : { mentionable: !role.mentionable };
      return ctx.attempt('role update', () => ctx.world.updateRole(guildId, role.id, patch));
    }
    const name = `${draws.pick(ADJECTIVES)} ${draws.pick(NOUNS)}s`;
    const input = { name, color: draws.int(0x1000000), hoist: draws.chance(0.2), mentionable: draws.chance(0.5) };
    return ctx.attempt('role create', () => ctx.world.createRole(guildId, input));
  }

  private guildSettings(guildId: string): boolean {
    const { ctx, draws } = this;
    const patch = draws.chance(0.7)
      ? { description: `A ${draws.pick(ADJECTIVES)} place for ${draws.pick(NOUNS)} fans` }
      : { afk_timeout: draws.pick(AFK_TIMEOUTS) };
    return ctx.attempt('guild update', () => ctx.world.updateGuild(guildId, patch));
  }

  /** Created while the simulator runs: ids of generated things all predate the end of history. */
  private isLive(id: string): boolean {
    return snowflakeMs(id) >= this.liveFromMs;
  }

  private nothing(action: string, reason: string): false {
    this.ctx.skip(action, reason);
    return false;
  }
}
