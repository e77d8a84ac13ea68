import type { APIGuildMember, APIUser, GuildMemberFlags } from 'discord-api-types/v10';
import type { GuildLayout } from './layout.js';
import { Draws, kindOf } from './random.js';
import { compareIds } from './snowflake.js';
import { discordTimestamp } from './timestamps.js';
import type { UserPool } from './users.js';
import type { MemberPatch } from './world.js';

const MEMBER = kindOf('member');
const NICK_TAGS = ['mod', 'dev', 'art', 'gg', 'away', 'he/him', 'she/her', 'they/them', '🎮', '🌙'] as const;

/**
 * The members of one guild: a contiguous range of the user pool (so a 100k-member guild costs
 * nothing until it changes), the scenario's bots, and an overlay of joins, edits and leaves. Roles are
 * read against the guild's current ones, so deleting a role takes it from every member at no cost.
 */
export class GuildMembers {
  /** Members that differ from the generated ones: live joins, re-joins and edits, by user id. */
  private readonly changed = new Map<string, APIGuildMember>();
  /** Range members and bots that left. */
  private readonly left = new Set<string>();
  private readonly cache = new Map<number, APIGuildMember>();
  private readonly rangeStart: number;
  private readonly rangeEnd: number;

  constructor(
    private readonly seed: number,
    private readonly guild: GuildLayout,
    private readonly pool: UserPool,
    private readonly bots: readonly APIUser[],
    private readonly historyStartMs: number,
  ) {
    this.rangeStart = guild.memberOffset;
    this.rangeEnd = guild.memberOffset + guild.spec.members;
  }

  /** The member who owns the guild: the first of the range, so always a generated member. */
  get ownerId(): string {
    return this.pool.id(this.rangeStart);
  }

  get count(): number {
    return this.rangeEnd - this.rangeStart + this.bots.length - this.left.size + this.joinedOutsideCount();
  }

  /** Pool indices of the generated members: who can author history. */
  get range(): { start: number; size: number } {
    return { start: this.rangeStart, size: this.rangeEnd - this.rangeStart };
  }

  /** Whether the user is a member, without building the member (cheap enough to scan a whole guild). */
  has(userId: string): boolean {
    if (this.left.has(userId)) return false;
    return this.changed.has(userId) || this.isBase(userId);
  }

  /** Members who joined live and were not generated members (or bots), in the order they joined. */
  liveJoinerIds(): string[] {
    return [...this.changed.keys()].filter((id) => !this.isBase(id));
  }

  get(userId: string): APIGuildMember | undefined {
    const member = this.stored(userId);
    if (!member) return undefined;
    const { rolePermissions } = this.guild;
    return member.roles.every((id) => rolePermissions.has(id))
      ? member
      : { ...member, roles: member.roles.filter((id) => rolePermissions.has(id)) };
  }

  /** Changes a member's nickname or roles; returns the member as it is now. */
  update(userId: string, patch: MemberPatch): APIGuildMember | undefined {
    const current = this.get(userId);
    if (!current) return undefined;
    const member = { ...current, ...patch };
    // Live joins keep their place in the order of joining: Map.set on an existing key does not move it.
    this.changed.set(userId, member);
    return member;
  }

  private stored(userId: string): APIGuildMember | undefined {
    if (this.left.has(userId)) return undefined;
    const changed = this.changed.get(userId);
    if (changed) return changed;
    const bot = this.bots.findIndex((b) => b.id === userId);
    if (bot >= 0) return this.botMember(bot);
    const index = this.pool.indexOf(userId);
    return index >= this.rangeStart && index < this.rangeEnd ? this.generated(index) : undefined;
  }

  /**
   * Member of the generated range at pool index `index`, as it was generated (ignores the overlay).
   * Active members are looked up again and again (permissions, mentions, dispatches), so recent
   * ones are cached; callers get copies.
   */
  private generated(index: number): APIGuildMember {
    let member = this.cache.get(index);
    if (!member) {
      if (this.cache.size >= 4096) this.cache.clear();
      member = this.generate(index);
      this.cache.set(index, member);
    }
    return { ...member, user: { ...member.user }, roles: [...member.roles] };
  }

  private generate(index: number): APIGuildMember {
    const d = new Draws(this.seed, MEMBER, this.guild.index, index);
    const user = this.pool.user(index);
    const owner = index === this.rangeStart;
    const roles = this.guild.memberRoleIds.filter((id) => {
      const staff = this.guild.staffRoleIds.includes(id);
      return (owner && staff) || d.chance(staff ? 0.03 : 0.18);
    });
    const joinedMs =
      this.guild.createdMs + Math.floor(d.float() * (this.historyStartMs - this.guild.createdMs)) + (owner ? 0 : 1);
    const nick = d.chance(0.2) ? `${user.global_name ?? user.username} | ${d.pick(NICK_TAGS)}` : null;
    return memberOf(user, discordTimestamp(owner ? this.guild.createdMs : joinedMs), {
      nick,
      roles,
      premium_since: d.chance(0.03) ? discordTimestamp(joinedMs + 86_400_000) : null,
    });
  }

  /** Adds a member (a live join); returns it. */
  add(user: APIUser, joinedAt: string): APIGuildMember {
    const member = memberOf(user, joinedAt);
    this.left.delete(user.id);
    this.changed.set(user.id, member);
    return member;
  }

  remove(userId: string): void {
    this.changed.delete(userId);
    if (this.isBase(userId)) this.left.add(userId);
  }

  /** Members ordered by user id after `after` (exclusive): bots, then the range, merged with live joins. */
  page(after: string | undefined, limit: number): APIGuildMember[] {
    const out: APIGuildMember[] = [];
    const extra = [...this.changed.keys()].filter((id) => !after || compareIds(id, after) > 0).sort(compareIds);
    let e = 0;
    const bots = this.bots
      .map((b, i) => ({ id: b.id, i }))
      .filter((b) => !after || compareIds(b.id, after) > 0)
      .sort((a, b) => compareIds(a.id, b.id));
    let b = 0;
    let index = after ? Math.max(this.rangeStart, this.pool.indexAfter(after)) : this.rangeStart;
    while (out.length < limit) {
      const fromRange = index < this.rangeEnd ? this.pool.id(index) : undefined;
      const fromBots = bots[b]?.id;
      const fromExtra = extra[e];
      const next = [fromRange, fromBots, fromExtra].filter((id): id is string => id !== undefined).sort(compareIds)[0];
      if (next === undefined) break;
      if (next === fromExtra) {
        e++;
        if (next === fromRange) index++;
        if (next === fromBots) b++;
      } else if (next === fromBots) b++;
      else index++;
      const member = this.get(next);
      if (member) out.push(member);
    }
    return out;
  }

  /** Members whose username, global name or nickname starts with `query` (case-insensitive), ordered by id. */
  search(query: string, limit: number): APIGuildMember[] {
    const q = query.toLowerCase();
    const matches = (m: APIGuildMember) =>
      [m.user.username, m.user.global_name, m.nick].some((name) => name?.toLowerCase().startsWith(q));
    const out: APIGuildMember[] = [];
    let after: string | undefined;
    // Paging keeps the scan at constant memory however large the guild is.
    while (out.length < limit) {
      const page = this.page(after, 1000);
      for (const m of page) if (matches(m) && out.length < limit) out.push(m);
      const last = page.at(-1);
      if (!last || page.length < 1000) break;
      after = last.user.id;
    }
    return out;
  }

  private botMember(index: number): APIGuildMember | undefined {
    const bot = this.bots[index];
    if (!bot) return undefined;
    const roleId = this.guild.botRoles.get(bot.id);
    return memberOf(bot, discordTimestamp(this.guild.createdMs + 86_400_000), { roles: roleId ? [roleId] : [] });
  }

  private isBase(userId: string): boolean {
    if (this.bots.some((b) => b.id === userId)) return true;
    const index = this.pool.indexOf(userId);
    return index >= this.rangeStart && index < this.rangeEnd;
  }

  private joinedOutsideCount(): number {
    let n = 0;
    for (const id of this.changed.keys()) if (!this.isBase(id)) n++;
    return n;
  }
}

/** A member as Discord sends one: no nickname, roles, boost, timeout or flags unless given. */
function memberOf(
  user: APIUser,
  joinedAt: string,
  extra: Partial<Pick<APIGuildMember, 'nick' | 'roles' | 'premium_since'>> = {},
): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    communication_disabled_until: null,
    flags: 0 as GuildMemberFlags,
    pending: false,
    deaf: false,
    mute: false,
    ...extra,
  };
}
