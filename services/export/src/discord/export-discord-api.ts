import type { REST, RouteLike } from '@discordjs/rest';
import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIThreadChannel,
  APIUser,
  RESTAPIPartialCurrentUserGuild,
  RESTGetAPIChannelThreadsArchivedPublicResult,
  RESTGetAPIGuildThreadsResult,
} from 'discord-api-types/v10';
import { DiscordAccessError } from './discord-access-error.js';
import { type CallSubject, toAccessError } from './discord-error-mapping.js';

/** Discord's largest page of messages, guilds and reaction users. */
export const PAGE_LIMIT = 100;

/** Discord's largest page of guild members. */
export const MEMBER_PAGE_LIMIT = 1000;

/** One page of a channel's messages: at most `limit` after or before an id (exclusive), newest first as Discord sends them. */
export interface MessagePageQuery {
  after?: string;
  before?: string;
  limit?: number;
}

/** The emoji of a reaction: a custom one has an id. */
export interface ReactionEmoji {
  id: string | null;
  name: string | null;
}

const readHistory = 'Read Message History';

/**
 * The calls of Discord's REST API an export makes (those of DiscordChatExporter, ../shared/reference
 * §5.2), typed with discord-api-types. A refusal becomes a `DiscordAccessError` naming the channel,
 * guild or user and, for a missing permission, the permission.
 */
export class ExportDiscordApi {
  constructor(private readonly rest: REST) {}

  currentUser(): Promise<APIUser> {
    return this.#get('/users/@me');
  }

  /** Every guild of the bot, in Discord's order (by id), fetched 100 at a time. */
  async *guilds(): AsyncGenerator<RESTAPIPartialCurrentUserGuild> {
    let after = '0';
    for (;;) {
      const page = await this.#get<RESTAPIPartialCurrentUserGuild[]>('/users/@me/guilds', undefined, {
        limit: String(PAGE_LIMIT),
        after,
      });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < PAGE_LIMIT) return;
      after = last.id;
    }
  }

  /** The guild with `approximate_member_count`, which tells whether listing its members is worth it. */
  guild(guildId: string): Promise<APIGuild> {
    return this.#get(`/guilds/${guildId}`, { kind: 'guild', id: guildId }, { with_counts: 'true' });
  }

  guildChannels(guildId: string): Promise<APIChannel[]> {
    return this.#get(`/guilds/${guildId}/channels`, { kind: 'guild', id: guildId });
  }

  guildRoles(guildId: string): Promise<APIRole[]> {
    return this.#get(`/guilds/${guildId}/roles`, { kind: 'guild', id: guildId });
  }

  channel(channelId: string): Promise<APIChannel> {
    return this.#get(`/channels/${channelId}`, { kind: 'channel', id: channelId });
  }

  /** The channel, or undefined when it is gone or hidden (a mention of a deleted channel, a thread's lost parent). */
  tryChannel(channelId: string): Promise<APIChannel | undefined> {
    return this.#orUndefined(this.channel(channelId));
  }

  /** The bot's DM and group DM channels. */
  directChannels(): Promise<APIChannel[]> {
    return this.#get('/users/@me/channels');
  }

  /** One page of messages; Discord honours one bound, `before` over `after`. */
  messages(channelId: string, page: MessagePageQuery): Promise<APIMessage[]> {
    const query: Record<string, string> = { limit: String(page.limit ?? PAGE_LIMIT) };
    if (page.before !== undefined) query.before = page.before;
    else if (page.after !== undefined) query.after = page.after;
    return this.#get(`/channels/${channelId}/messages`, { kind: 'channel', id: channelId, needs: readHistory }, query);
  }

  /** The member, or undefined when the user is not (or no longer) in the guild. */
  member(guildId: string, userId: string): Promise<APIGuildMember | undefined> {
    return this.#orUndefined(this.#get(`/guilds/${guildId}/members/${userId}`, { kind: 'member', id: userId }));
  }

  /**
   * Every member of the guild by user id, a page of 1,000 at a time; it yields pages so that a caller can stop
   * before the next request. Discord refuses it (403) to a bot without the Server Members intent.
   */
  async *listMembers(guildId: string): AsyncGenerator<APIGuildMember[]> {
    let after = '0';
    for (;;) {
      const page = await this.#get<APIGuildMember[]>(
        `/guilds/${guildId}/members`,
        { kind: 'guild', id: guildId },
        {
          limit: String(MEMBER_PAGE_LIMIT),
          after,
        },
      );
      yield page;
      const last = page.at(-1);
      if (!last || page.length < MEMBER_PAGE_LIMIT) return;
      after = last.user.id;
    }
  }

  /** A user by id, or undefined for an unknown one (a bare `<@id>` of someone not in the guild). */
  user(userId: string): Promise<APIUser | undefined> {
    return this.#orUndefined(this.#get(`/users/${userId}`, { kind: 'user', id: userId }));
  }

  /** Everyone who reacted with `emoji`, 100 at a time; nothing for an emoji Discord no longer knows. */
  async *reactionUsers(channelId: string, messageId: string, emoji: ReactionEmoji): AsyncGenerator<APIUser> {
    const key = emoji.id ? `${emoji.name ?? ''}:${emoji.id}` : (emoji.name ?? '');
    if (key === '') return;
    const route = `/channels/${channelId}/messages/${messageId}/reactions/${encodeURIComponent(key)}` as const;
    let after: string | undefined;
    for (;;) {
      const query: Record<string, string> = { limit: String(PAGE_LIMIT) };
      if (after !== undefined) query.after = after;
      const page = await this.#orUndefined(
        this.#get<APIUser[]>(route, { kind: 'channel', id: channelId, needs: readHistory }, query),
      );
      if (!page) return;
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < PAGE_LIMIT) return;
      after = last.id;
    }
  }

  /** The guild's active threads the bot can see. */
  async activeThreads(guildId: string): Promise<APIThreadChannel[]> {
    const result = await this.#get<RESTGetAPIGuildThreadsResult>(`/guilds/${guildId}/threads/active`, {
      kind: 'guild',
      id: guildId,
    });
    return result.threads as APIThreadChannel[];
  }

  /** A channel's archived threads, newest archived first, paged by archive time until Discord has no more. */
  async *archivedThreads(channelId: string, visibility: 'public' | 'private'): AsyncGenerator<APIThreadChannel> {
    const needs = visibility === 'private' ? 'Manage Threads' : readHistory;
    let before: string | undefined;
    for (;;) {
      const query: Record<string, string> = { limit: String(PAGE_LIMIT) };
      if (before !== undefined) query.before = before;
      const result = await this.#get<RESTGetAPIChannelThreadsArchivedPublicResult>(
        `/channels/${channelId}/threads/archived/${visibility}`,
        { kind: 'channel', id: channelId, needs },
        query,
      );
      const threads = result.threads as APIThreadChannel[];
      yield* threads;
      const last = threads.at(-1)?.thread_metadata?.archive_timestamp;
      if (!result.has_more || last === undefined) return;
      before = last;
    }
  }

  async #get<T>(route: RouteLike, subject?: CallSubject, query?: Record<string, string>): Promise<T> {
    try {
      return (await this.rest.get(route, query ? { query: new URLSearchParams(query) } : {})) as T;
    } catch (error) {
      throw toAccessError(error, subject);
    }
  }

  async #orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof DiscordAccessError && !error.fatal) return undefined;
      throw error;
    }
  }
}
