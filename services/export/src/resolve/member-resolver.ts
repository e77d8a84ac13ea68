import type { GuildCacheReader } from '@platform/discord';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { LimitFunction } from 'p-limit';
import type { ExportDiscordApi } from '../discord/export-discord-api.js';
import { OncePerKey } from './once-per-key.js';

/**
 * The members of one guild an export meets, each looked up once per run: in the shared guild cache
 * gateway-ingest keeps when there is one, else with `GET guilds/{g}/members/{u}`. Lookups run in
 * parallel under the session's limit. A user who is not a member stays undefined, and the message's
 * own user object stands in for it.
 */
export class MemberResolver {
  readonly #members = new OncePerKey((userId) => this.limit(() => this.#lookUp(userId)));

  constructor(
    private readonly guildId: string,
    private readonly api: ExportDiscordApi,
    private readonly limit: LimitFunction,
    private readonly guildCache?: GuildCacheReader,
  ) {}

  /** Resolves every user of `userIds` not yet looked up, all at once. */
  resolve(userIds: Iterable<string>): Promise<void> {
    return this.#members.getAll(userIds);
  }

  /** A member resolved before; undefined when not a member or not resolved. */
  member(userId: string): APIGuildMember | undefined {
    return this.#members.loaded(userId);
  }

  async #lookUp(userId: string): Promise<APIGuildMember | undefined> {
    const cached = await this.guildCache?.member(this.guildId, userId);
    return cached ?? (await this.api.member(this.guildId, userId));
  }
}
