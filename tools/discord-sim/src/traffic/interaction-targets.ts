import {
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  ChannelType,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import type { Draws } from '../world/random.js';
import type { World } from '../world/world.js';
import type { GuildRoster } from './guild-roster.js';

/**
 * What a virtual user may point at when filling a command's options, a select or a modal: members,
 * channels and roles of the guild, and text. Picks (no id) are random; given ids are checked. Either way
 * what is returned is added to {@link resolved}, as Discord resolves it for the bot.
 */
export interface Targets {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** A member's id (a random one without `id`); undefined when there is none or `id` is not a member. */
  member(id?: string): string | undefined;
  channel(types: readonly ChannelType[] | undefined, id?: string): string | undefined;
  role(id?: string): string | undefined;
  /** Text of `min` to `max` characters; a paragraph reads like a chat message, a short one like a few words. */
  text(min: number, max: number, paragraph: boolean): string;
  readonly resolved: APIInteractionDataResolved;
}

const NO_THREADS = [ChannelType.GuildText, ChannelType.GuildVoice, ChannelType.GuildAnnouncement];

/** {@link Targets} in one guild channel of the world, as one member sees it. */
export class WorldTargets implements Targets {
  readonly resolved: APIInteractionDataResolved = {};

  /** `userId` is the member acting: resolved permissions are theirs. */
  constructor(
    private readonly world: World,
    private readonly roster: GuildRoster,
    private readonly channelId: string,
    private readonly userId: string,
    private readonly draws: Draws,
  ) {}

  uniform(): number {
    return this.draws.float();
  }

  member(id?: string): string | undefined {
    const userId = id ?? this.roster.pickActive(this.draws.float());
    if (userId === undefined) return undefined;
    const member = this.world.member(this.roster.guildId, userId);
    if (!member) return undefined;
    const { user, ...rest } = member;
    this.resolved.users = { ...this.resolved.users, [userId]: user };
    const permissions = String(this.world.permissionsFor(this.channelId, userId));
    this.resolved.members = { ...this.resolved.members, [userId]: { ...rest, permissions } };
    return userId;
  }

  channel(types: readonly ChannelType[] | undefined, id?: string): string | undefined {
    const all = [...this.world.channels(this.roster.guildId), ...this.world.activeThreads(this.roster.guildId)];
    // Without types a picked channel is a plain one; a given one may be anything of the guild.
    const fitting = types && types.length > 0 ? all.filter((c) => types.includes(c.type)) : undefined;
    const pool = fitting ?? (id ? all : all.filter((c) => NO_THREADS.includes(c.type)));
    const channel = id ? pool.find((c) => c.id === id) : pool.length > 0 ? this.draws.pick(pool) : undefined;
    if (!channel) return undefined;
    const entry = {
      id: channel.id,
      type: channel.type,
      name: 'name' in channel ? (channel.name ?? '') : '',
      permissions: String(this.world.permissionsFor(channel.id, this.userId)),
      ...('parent_id' in channel && channel.parent_id ? { parent_id: channel.parent_id } : {}),
      ...('thread_metadata' in channel && channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
    } as APIInteractionDataResolvedChannel;
    this.resolved.channels = { ...this.resolved.channels, [channel.id]: entry };
    return channel.id;
  }

  role(id?: string): string | undefined {
    // @everyone is a role too, but nobody picks it.
    const roles = this.world.roles(this.roster.guildId).filter((r) => r.id !== this.roster.guildId);
    const role = id ? roles.find((r) => r.id === id) : roles.length > 0 ? this.draws.pick(roles) : undefined;
    if (!role) return undefined;
    this.resolved.roles = { ...this.resolved.roles, [role.id]: role };
    return role.id;
  }

  text(min: number, max: number, paragraph: boolean): string {
    const line = this.world.chatLine(this.channelId, this.draws.next());
    let text = paragraph ? line : line.split(' ').slice(0, 4).join(' ');
    while (text.length < min) text += ` ${line}`;
    return text.slice(0, max);
  }
}

/** Whether the member may view the channel: where a virtual user can use a command or a component. */
export function canView(world: World, channelId: string, userId: string): boolean {
  return (world.permissionsFor(channelId, userId) & P.ViewChannel) !== 0n;
}
