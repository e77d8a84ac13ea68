import { compareSnowflakes } from '@platform/discord';
import type { APIChannel, APIMessage, APIUser } from 'discord-api-types/v10';
import { DIRECT_MESSAGES_GUILD_ID, toExportChannel } from '../convert/convert-channel.js';
import { type ReactionUsers, reactionKey, toExportMessage } from '../convert/convert-message.js';
import { PlainTextFormatter } from '../convert/plain-text-content.js';
import { PAGE_LIMIT } from '../discord/export-discord-api.js';
import type { ChannelMessageSource, MessagePage } from '../engine/channel-message-source.js';
import type { ExportChannel, ExportGuild } from '../model/export-document.js';
import type { MessageBounds } from '../render/message-bounds.js';
import type { ExportSession } from '../resolve/export-session.js';
import { type RenderSettings, resolvePageScope } from '../resolve/page-scope.js';
import type { ResolvedGuild } from '../resolve/resolved-guild.js';
import type { RenderOptions } from '../writers/message-writer.js';

export interface ChannelSourceOptions extends RenderOptions {
  /** Fetch who reacted to each message; DCE does it for Json only, as it costs a call per reaction. */
  reactionUsers: boolean;
  /** When the export began (epoch ms): what `<t:…:R>` in content is relative to. Now by default. */
  exportedAt?: number;
}

/** A progress fraction by time, as DCE reports it; 1 when the range is a single instant. */
function timeProgress(at: number, first: number, last: number): number {
  if (last <= first) return 1;
  return Math.min(1, Math.max(0, (at - first) / (last - first)));
}

const isAfter = (id: string, bound: string): boolean => compareSnowflakes(id, bound) > 0;

/**
 * One channel's messages from Discord, as the engine takes them (ChannelMessageSource). Pages go
 * forward from `after` 100 at a time, up to the newest message there was when they began (asked
 * once with limit=1, as DCE does), so messages posted meanwhile wait for the next run. Members are
 * resolved per page, all at once, and kept for the run.
 */
export class DiscordChannelSource implements ChannelMessageSource {
  readonly guild: ExportGuild;
  readonly channel: ExportChannel;
  readonly #settings: RenderSettings;

  private constructor(
    private readonly session: ExportSession,
    private readonly resolved: ResolvedGuild,
    /** The channel as Discord gave it. */
    readonly discordChannel: APIChannel,
    parent: APIChannel | undefined,
    private readonly options: ChannelSourceOptions,
  ) {
    this.guild = resolved.guild;
    this.channel = toExportChannel(discordChannel, parent, session.cdn);
    this.#settings = {
      utc: options.utc,
      markdown: options.markdown,
      text: new PlainTextFormatter(options, options.exportedAt ?? Date.now()),
    };
  }

  /**
   * The source of a channel (or thread) by id, or of one a listing gave. Its guild's channels and
   * roles come from the session, fetched once per run.
   */
  static async open(
    session: ExportSession,
    channel: string | APIChannel,
    options: ChannelSourceOptions,
  ): Promise<DiscordChannelSource> {
    const discordChannel = typeof channel === 'string' ? await session.channel(channel) : channel;
    const guildId = ('guild_id' in discordChannel && discordChannel.guild_id) || DIRECT_MESSAGES_GUILD_ID;
    const resolved = await session.guild(guildId);
    const parentId = 'parent_id' in discordChannel ? discordChannel.parent_id : null;
    const parent = parentId
      ? (resolved.channels.find((candidate) => candidate.id === parentId) ??
        (await session.channel(parentId).catch(() => undefined)))
      : undefined;
    return new DiscordChannelSource(session, resolved, discordChannel, parent, options);
  }

  async *pages(range: MessageBounds): AsyncGenerator<MessagePage> {
    const api = this.session.api;
    const channelId = this.discordChannel.id;
    if (this.#emptyWithin(range)) return;
    const [newest] = await api.messages(channelId, { ...(range.before ? { before: range.before } : {}), limit: 1 });
    if (!newest) return;
    const lastTime = Date.parse(newest.timestamp);
    let firstTime: number | undefined;
    let pending = api.messages(channelId, { after: range.after ?? '0', limit: PAGE_LIMIT });
    for (;;) {
      const fetched = await pending;
      const ascending = fetched.toSorted((a, b) => compareSnowflakes(a.id, b.id));
      const messages = ascending.filter((message) => !isAfter(message.id, newest.id));
      const last = messages.at(-1);
      if (!last) return;
      firstTime ??= Date.parse((messages[0] as APIMessage).timestamp);
      const more = messages.length === ascending.length && last.id !== newest.id && fetched.length === PAGE_LIMIT;
      if (more) {
        // Asked for before this page is converted and written, so the answer travels meanwhile; the same
        // requests in the same order, only sooner. A failure surfaces when the next page is awaited.
        pending = api.messages(channelId, { after: last.id, limit: PAGE_LIMIT });
        pending.catch(() => undefined);
      }
      yield {
        messages: await this.#convert(messages),
        progress: timeProgress(Date.parse(last.timestamp), firstTime, lastTime),
      };
      if (!more) return;
    }
  }

  /**
   * DCE's checks before fetching: a channel that never had a message, a range that ends before the
   * channel was created or starts after its last message. The export is then empty (DCE warns).
   */
  #emptyWithin(range: MessageBounds): boolean {
    const lastMessageId = 'last_message_id' in this.discordChannel ? this.discordChannel.last_message_id : null;
    if (!lastMessageId) return true;
    if (range.before !== undefined && !isAfter(range.before, this.discordChannel.id)) return true;
    return range.after !== undefined && !isAfter(lastMessageId, range.after);
  }

  async #convert(messages: readonly APIMessage[]) {
    const [scope, reactions] = await Promise.all([
      resolvePageScope(this.session, this.resolved, messages, this.#settings),
      this.options.reactionUsers ? this.#reactionUsers(messages) : undefined,
    ]);
    return messages.map((message) => toExportMessage(message, scope, reactions?.get(message.id)));
  }

  /** Who reacted, per message and reaction, the reactions of a page fetched in parallel. */
  async #reactionUsers(messages: readonly APIMessage[]): Promise<Map<string, ReactionUsers>> {
    const byMessage = new Map<string, Map<string, APIUser[]>>();
    const lookups: Promise<void>[] = [];
    for (const message of messages) {
      if (!message.reactions?.length) continue;
      const target = new Map<string, APIUser[]>();
      byMessage.set(message.id, target);
      for (const reaction of message.reactions) {
        lookups.push(
          this.session.limit(async () => {
            const found: APIUser[] = [];
            for await (const user of this.session.api.reactionUsers(message.channel_id, message.id, reaction.emoji))
              found.push(user);
            target.set(reactionKey(reaction.emoji), found);
          }),
        );
      }
    }
    await Promise.all(lookups);
    return byMessage;
  }
}
