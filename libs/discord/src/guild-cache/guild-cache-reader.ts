import type {
  APIChannel,
  APIEmoji,
  APIGuild,
  APIGuildMember,
  APIRole,
  APISticker,
  APIThreadChannel,
  GatewayPresenceUpdate,
  GatewayVoiceState,
} from 'discord-api-types/v10';
import { GUILD_FIELDS, type GuildCacheHash, type GuildCacheKeys, guildCacheKeys } from './guild-cache-keys.js';
import type { GuildCacheSource } from './guild-cache-source.js';

export interface MemberPage {
  members: APIGuildMember[];
  /** Pass back for the next page; '0' when there is none. */
  cursor: string;
}

const parse = <T>(json: string | undefined): T | undefined =>
  json === undefined ? undefined : (JSON.parse(json) as T);
const values = <T>(hash: Record<string, string>): T[] => Object.values(hash).map((json) => JSON.parse(json) as T);

/**
 * Reads the shared guild cache that gateway-ingest keeps from the dispatches, in discord-api-types' shapes,
 * instead of asking Discord's REST API. `undefined` means not cached (a guild not on any shard held, or
 * dropped until its next GUILD_CREATE after the cache fell behind): ask REST then.
 */
export class GuildCacheReader {
  private readonly keys: GuildCacheKeys;

  /** `prefix` is the cache's, `discord:` unless gateway-ingest's REDIS_PREFIX says otherwise. */
  constructor(
    private readonly source: GuildCacheSource,
    prefix = 'discord:',
  ) {
    this.keys = guildCacheKeys(prefix);
  }

  /** Ids of the guilds cached. */
  guildIds(): Promise<string[]> {
    return this.source.sMembers(this.keys.guilds);
  }

  /** The guild object, with its roles, emojis and stickers as they are now. */
  async guild(guildId: string): Promise<APIGuild | undefined> {
    const [fields, roles] = await Promise.all([
      this.source.hmGet(this.key(guildId, 'guild'), [GUILD_FIELDS.data, GUILD_FIELDS.emojis, GUILD_FIELDS.stickers]),
      this.roles(guildId),
    ]);
    const [data, emojis, stickers] = fields;
    if (data === undefined) return undefined;
    return {
      ...(JSON.parse(data) as Omit<APIGuild, 'roles' | 'emojis' | 'stickers'>),
      roles,
      emojis: parse<APIEmoji[]>(emojis) ?? [],
      stickers: parse<APISticker[]>(stickers) ?? [],
    };
  }

  /** Members as GUILD_CREATE counted them, moved by joins and leaves since. */
  async memberCount(guildId: string): Promise<number | undefined> {
    const count = await this.source.hGet(this.key(guildId, 'guild'), GUILD_FIELDS.memberCount);
    return count === undefined ? undefined : Number(count);
  }

  /** True while Discord reports the guild unavailable (an outage); its cache is then as of before it. */
  async unavailable(guildId: string): Promise<boolean> {
    return (await this.source.hGet(this.key(guildId, 'guild'), GUILD_FIELDS.unavailable)) === '1';
  }

  async roles(guildId: string): Promise<APIRole[]> {
    return values<APIRole>(await this.source.hGetAll(this.key(guildId, 'roles')));
  }

  async role(guildId: string, roleId: string): Promise<APIRole | undefined> {
    return parse<APIRole>(await this.source.hGet(this.key(guildId, 'roles'), roleId));
  }

  /** Channels other than threads. */
  async channels(guildId: string): Promise<APIChannel[]> {
    const [channels, lastMessages] = await Promise.all([
      this.source.hGetAll(this.key(guildId, 'channels')),
      this.source.hGetAll(this.key(guildId, 'last-messages')),
    ]);
    return Object.entries(channels).map(([id, json]) => withLastMessage(JSON.parse(json), lastMessages[id]));
  }

  /** A channel or an active thread. */
  async channel(guildId: string, channelId: string): Promise<APIChannel | undefined> {
    const [channel, thread, lastMessage, count] = await Promise.all([
      this.source.hGet(this.key(guildId, 'channels'), channelId),
      this.source.hGet(this.key(guildId, 'threads'), channelId),
      this.source.hGet(this.key(guildId, 'last-messages'), channelId),
      this.source.hGet(this.key(guildId, 'message-counts'), channelId),
    ]);
    if (channel !== undefined) return withLastMessage(JSON.parse(channel), lastMessage);
    if (thread !== undefined) return withMessages(JSON.parse(thread), lastMessage, count);
    return undefined;
  }

  /** The active threads (archived ones are not cached). */
  async threads(guildId: string): Promise<APIThreadChannel[]> {
    const [threads, lastMessages, counts] = await Promise.all([
      this.source.hGetAll(this.key(guildId, 'threads')),
      this.source.hGetAll(this.key(guildId, 'last-messages')),
      this.source.hGetAll(this.key(guildId, 'message-counts')),
    ]);
    return Object.entries(threads).map(([id, json]) => withMessages(JSON.parse(json), lastMessages[id], counts[id]));
  }

  async member(guildId: string, userId: string): Promise<APIGuildMember | undefined> {
    const [member, roleIds] = await Promise.all([
      this.source.hGet(this.key(guildId, 'members'), userId),
      this.roleIds(guildId),
    ]);
    return member === undefined ? undefined : withRoles(JSON.parse(member), roleIds);
  }

  /** One page of members, in no particular order (HSCAN); a page may hold a few more or fewer than `count`. */
  async members(guildId: string, page: { cursor?: string; count?: number } = {}): Promise<MemberPage> {
    const [scanned, roleIds] = await Promise.all([
      this.source.hScan(this.key(guildId, 'members'), page.cursor ?? '0', page.count ?? 1000),
      this.roleIds(guildId),
    ]);
    return {
      members: scanned.entries.map(([, json]) => withRoles(JSON.parse(json), roleIds)),
      cursor: scanned.cursor,
    };
  }

  /** Every member cached, page by page. HSCAN may repeat one that changed meanwhile. */
  async *allMembers(guildId: string, count = 1000): AsyncGenerator<APIGuildMember> {
    let cursor = '0';
    do {
      const page = await this.members(guildId, { cursor, count });
      yield* page.members;
      cursor = page.cursor;
    } while (cursor !== '0');
  }

  async voiceStates(guildId: string): Promise<GatewayVoiceState[]> {
    const states = await this.source.hGetAll(this.key(guildId, 'voice'));
    return Object.values(states).map((json) => ({ ...(JSON.parse(json) as GatewayVoiceState), guild_id: guildId }));
  }

  async voiceState(guildId: string, userId: string): Promise<GatewayVoiceState | undefined> {
    const state = parse<GatewayVoiceState>(await this.source.hGet(this.key(guildId, 'voice'), userId));
    return state && { ...state, guild_id: guildId };
  }

  /** Presences that are not offline; empty unless gateway-ingest has the GUILD_PRESENCES intent. */
  async presences(guildId: string): Promise<GatewayPresenceUpdate[]> {
    return values<GatewayPresenceUpdate>(await this.source.hGetAll(this.key(guildId, 'presences')));
  }

  async presence(guildId: string, userId: string): Promise<GatewayPresenceUpdate | undefined> {
    return parse<GatewayPresenceUpdate>(await this.source.hGet(this.key(guildId, 'presences'), userId));
  }

  private key(guildId: string, hash: GuildCacheHash): string {
    return this.keys.hash(guildId, hash);
  }

  private async roleIds(guildId: string): Promise<Set<string>> {
    return new Set(await this.source.hKeys(this.key(guildId, 'roles')));
  }
}

/** A deleted role stays in its former members' stored `roles` until they next change: kept to the roles that exist. */
function withRoles(member: APIGuildMember, roleIds: ReadonlySet<string>): APIGuildMember {
  return { ...member, roles: member.roles.filter((id) => roleIds.has(id)) };
}

function withLastMessage(channel: APIChannel, lastMessageId: string | undefined): APIChannel {
  return lastMessageId === undefined ? channel : ({ ...channel, last_message_id: lastMessageId } as APIChannel);
}

/** A thread with the messages created in it since its object was stored. */
function withMessages(thread: APIThreadChannel, lastMessageId: string | undefined, count: string | undefined) {
  if (lastMessageId === undefined && count === undefined) return thread;
  const more = Number(count ?? 0);
  return {
    ...thread,
    last_message_id: lastMessageId ?? thread.last_message_id ?? null,
    message_count: (thread.message_count ?? 0) + more,
    total_message_sent: (thread.total_message_sent ?? 0) + more,
  };
}
