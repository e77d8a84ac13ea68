import type { GuildCacheReader } from '@platform/discord';
import type { APIChannel, APIRole, APIUser } from 'discord-api-types/v10';
import pLimit, { type LimitFunction } from 'p-limit';
import { CdnUrls } from '../convert/cdn-urls.js';
import {
  DIRECT_MESSAGES_GUILD_ID,
  directMessagesGuild,
  toChannelRef,
  toExportGuild,
} from '../convert/convert-channel.js';
import type { ExportDiscordApi } from '../discord/export-discord-api.js';
import { MemberResolver } from './member-resolver.js';
import { OncePerKey } from './once-per-key.js';
import { type ResolvedGuild, sortChannels } from './resolved-guild.js';

export interface ExportSessionOptions {
  /** The shared guild cache of gateway-ingest: members are read there before asking Discord. */
  guildCache?: GuildCacheReader;
  /** Lookups (members, users, reaction users) in flight at once; 8 by default. */
  concurrency?: number;
  /** Base of CDN URLs; Discord's by default. */
  cdnUrl?: string;
  /** Guilds of up to this many members are listed whole instead of member by member; `MEMBER_LIST_MAX` by default, 0 never. */
  memberListMax?: number;
}

/**
 * What one export run knows of Discord, shared by the channels it exports: each guild with its
 * channels and roles fetched once, each channel once, each member and user once.
 */
export class ExportSession {
  readonly cdn: CdnUrls;
  readonly limit: LimitFunction;
  readonly #guilds = new OncePerKey((guildId) => this.#loadGuild(guildId));
  readonly #channels = new OncePerKey((channelId) => this.api.channel(channelId));
  readonly #members = new Map<string, MemberResolver>();
  readonly #users = new OncePerKey((userId) => this.limit(() => this.api.user(userId)));

  constructor(
    readonly api: ExportDiscordApi,
    private readonly options: ExportSessionOptions = {},
  ) {
    this.cdn = new CdnUrls(options.cdnUrl);
    this.limit = pLimit(options.concurrency ?? 8);
  }

  /** A guild with its channels and roles; DCE's pseudo-guild for "0" (direct messages). */
  guild(guildId: string): Promise<ResolvedGuild> {
    return this.#guilds.get(guildId);
  }

  /** A channel (or thread) by id; a failure (forbidden, not found) is the caller's to report. */
  channel(channelId: string): Promise<APIChannel> {
    return this.#channels.get(channelId);
  }

  /** The members of a guild the run has met. */
  members(guildId: string): MemberResolver {
    let members = this.#members.get(guildId);
    if (!members) {
      members = new MemberResolver(guildId, this.api, this.limit, {
        guildCache: this.options.guildCache,
        listMax: this.options.memberListMax,
        memberCount: async () => (await this.guild(guildId)).memberCount,
      });
      this.#members.set(guildId, members);
    }
    return members;
  }

  /** Looks up users by id (for bare `<@id>` of non-members), each once per run. */
  resolveUsers(userIds: Iterable<string>): Promise<void> {
    return this.#users.getAll(userIds);
  }

  user(userId: string): APIUser | undefined {
    return this.#users.loaded(userId);
  }

  /** Channels a text mentions that are not among the guild's (threads, or deleted ones), each fetched once per run. */
  async resolveChannelRefs(guild: ResolvedGuild, channelIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(channelIds)].filter((id) => !guild.channelRefs.has(id));
    await Promise.all(
      missing.map(async (id) => {
        const channel = await this.limit(() => this.api.tryChannel(id));
        guild.channelRefs.set(id, channel && toChannelRef(channel));
      }),
    );
  }

  async #loadGuild(guildId: string): Promise<ResolvedGuild> {
    if (guildId === DIRECT_MESSAGES_GUILD_ID)
      return { guild: directMessagesGuild(this.cdn), channels: [], roles: new Map(), channelRefs: new Map() };
    const [guild, channels, roles] = await Promise.all([
      this.api.guild(guildId),
      this.api.guildChannels(guildId),
      this.api.guildRoles(guildId),
    ]);
    const sorted = sortChannels(channels);
    return {
      guild: toExportGuild(guild, this.cdn),
      channels: sorted,
      roles: new Map(roles.map((role: APIRole) => [role.id, role])),
      channelRefs: new Map(sorted.map((channel) => [channel.id, toChannelRef(channel)])),
      memberCount: guild.approximate_member_count,
    };
  }
}
