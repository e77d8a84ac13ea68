import type { ExportEmoji, ExportUser } from '../model/export-document.js';
import type { DiscordTimestamps } from './discord-timestamps.js';
import type { GuildDirectory } from './guild-directory.js';

/** What markdown of one message (or one embed) is rendered against. */
export interface MarkdownScope {
  /** The users the message mentions (its `mentions`): for `<@id>` and DCE's plain `@Nickname`. */
  readonly users: readonly ExportUser[];
  /** Emoji of the text (its `inlineEmojis`): for `<:name:id>` and DCE's plain `:name:`. */
  readonly emojis: readonly ExportEmoji[];
  /** Roles and channels of the guild met so far. */
  readonly directory: GuildDirectory;
  readonly timestamps: DiscordTimestamps;
}
