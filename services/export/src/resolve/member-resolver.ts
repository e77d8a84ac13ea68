import type { GuildCacheReader } from '@platform/discord';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { LimitFunction } from 'p-limit';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import { type ExportDiscordApi, MEMBER_PAGE_LIMIT } from '../discord/export-discord-api.js';
import { OncePerKey } from './once-per-key.js';

/**
 * Guilds of up to this many members are listed whole: at most 10 list requests, which cost less than
 * asking for the members of a channel's authors one by one as soon as there are a dozen of them.
 */
export const MEMBER_LIST_MAX = 10_000;

export interface MemberResolverOptions {
  /** The shared guild cache of gateway-ingest, read before asking Discord; the guild is then not listed. */
  guildCache?: GuildCacheReader;
  /** The most members to list; `MEMBER_LIST_MAX` by default, 0 to always ask member by member. */
  listMax?: number;
  /** The guild's approximate member count, when Discord gave one. */
  memberCount?: () => Promise<number | undefined>;
}

/** Members a listing gave, and whether it gave all of them (so anyone else is not a member). */
interface ListedMembers {
  readonly members: ReadonlyMap<string, APIGuildMember>;
  readonly complete: boolean;
}

const nothingListed: ListedMembers = { members: new Map(), complete: false };

/**
 * Whether to list a guild of `memberCount` members rather than ask member by member. An unknown count
 * is listed too: the listing stops after `listMax` members, so it never costs more than its bound.
 */
export function shouldListMembers(memberCount: number | undefined, listMax: number): boolean {
  return listMax > 0 && (memberCount === undefined || memberCount <= listMax);
}

/**
 * The members of one guild an export meets. In the shared guild cache gateway-ingest keeps when there is
 * one; else, for a guild small enough, from one listing of all its members made at the first resolve;
 * else (or beyond a listing cut short or refused) with `GET guilds/{g}/members/{u}`, each user once per
 * run, in parallel under the session's limit. A user who is not a member stays undefined, and the
 * message's own user object stands in for it.
 */
export class MemberResolver {
  readonly #lookUps = new OncePerKey((userId) => this.limit(() => this.#lookUp(userId)));
  #listing: Promise<ListedMembers> | undefined;
  #listed: ListedMembers = nothingListed;

  constructor(
    private readonly guildId: string,
    private readonly api: ExportDiscordApi,
    private readonly limit: LimitFunction,
    private readonly options: MemberResolverOptions = {},
  ) {}

  /** Resolves every user of `userIds` not yet known, all at once. */
  async resolve(userIds: Iterable<string>): Promise<void> {
    const wanted = [...userIds];
    const listed = await this.#list();
    if (listed.complete) return;
    await this.#lookUps.getAll(wanted.filter((id) => !listed.members.has(id)));
  }

  /** A member resolved before; undefined when not a member or not resolved. */
  member(userId: string): APIGuildMember | undefined {
    return this.#listed.members.get(userId) ?? this.#lookUps.loaded(userId);
  }

  /** The listing, made once per run; a failure other than Discord's refusal is not kept, so the next page tries again. */
  #list(): Promise<ListedMembers> {
    if (!this.#listing) {
      const listing = this.#listAll().then((listed) => {
        this.#listed = listed;
        return listed;
      });
      listing.catch(() => {
        this.#listing = undefined;
      });
      this.#listing = listing;
    }
    return this.#listing;
  }

  async #listAll(): Promise<ListedMembers> {
    const { guildCache, listMax = MEMBER_LIST_MAX, memberCount } = this.options;
    if (guildCache || !shouldListMembers(await memberCount?.(), listMax)) return nothingListed;
    const members = new Map<string, APIGuildMember>();
    try {
      for await (const page of this.api.listMembers(this.guildId)) {
        for (const member of page) members.set(member.user.id, member);
        if (page.length < MEMBER_PAGE_LIMIT) return { members, complete: true };
        if (members.size >= listMax) break;
      }
    } catch (error) {
      // A bot without the Server Members intent may not list; asking member by member still works.
      if (!(error instanceof DiscordAccessError) || error.fatal) throw error;
    }
    return { members, complete: false };
  }

  async #lookUp(userId: string): Promise<APIGuildMember | undefined> {
    const cached = await this.options.guildCache?.member(this.guildId, userId);
    return cached ?? (await this.api.member(this.guildId, userId));
  }
}
