import type { ExportChannel, ExportGuild, ExportMessage } from '../model/export-document.js';
import type { MessageBounds } from '../render/message-bounds.js';

/** One page of a channel's messages, oldest first. */
export interface MessagePage {
  messages: readonly ExportMessage[];
  /**
   * Share of the range fetched so far, 0 to 1, by time as DiscordChatExporter reports it (Discord gives
   * no message counts): the last message's time between the first's and the newest's at the start.
   */
  progress: number;
}

/**
 * Where one channel's export gets its messages: Discord through rest-proxy in the service and the CLI,
 * a list in the engine's own tests. The engine knows nothing of Discord beyond this.
 */
export interface ChannelMessageSource {
  readonly guild: ExportGuild;
  readonly channel: ExportChannel;
  /**
   * The channel's messages within `range` (exclusive ids), oldest first, a page at a time, already in the export model
   * (users resolved with nicknames, colours and roles). It ends at the newest message that existed when
   * it began, so messages posted during an export wait for the next incremental run.
   */
  pages(range: MessageBounds): AsyncIterable<MessagePage>;
}
