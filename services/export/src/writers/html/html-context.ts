import type { DiscordTimestamps } from '../../markdown/discord-timestamps.js';
import type { GuildDirectory } from '../../markdown/guild-directory.js';
import { escapeHtml } from '../../markdown/html-escape.js';
import { type MarkdownOptions, renderMarkdown } from '../../markdown/render-markdown.js';
import type { ExportEmoji, ExportUser } from '../../model/export-document.js';
import { type DateFormats, instantMillis, parseInstant } from '../date-format.js';
import type { ReplyCache } from './reply-cache.js';

/**
 * Dates are shown to the minute, and consecutive messages mostly share their minute, so the last
 * one formatted is kept: formatting a date with Intl is one of the costliest steps of a message.
 * The key is the ISO text up to its minutes plus its end (the offset), which fixes the minute shown.
 */
const minuteKey = (text: string): string => `${text.slice(0, 16)}${text.slice(-6)}`;

/** What every part of an HTML export is rendered with; one per file. */
export class HtmlContext {
  #dateKey = '';
  #date = '';
  #timeKey = '';
  #time = '';

  constructor(
    readonly dates: DateFormats,
    readonly timestamps: DiscordTimestamps,
    readonly directory: GuildDirectory,
    readonly replies: ReplyCache,
    /** `--markdown`: render formatting, or show the text as it is. */
    private readonly formatMarkdown: boolean,
  ) {}

  /**
   * `text` as HTML: Discord markdown against the users and emoji of its message, or the text
   * escaped as it is with `--markdown false`.
   */
  markdown(
    text: string,
    users: readonly ExportUser[],
    emojis: readonly ExportEmoji[],
    options: MarkdownOptions = { jumbo: false, links: true },
  ): string {
    if (!this.formatMarkdown) return escapeHtml(text);
    return renderMarkdown(text, { users, emojis, directory: this.directory, timestamps: this.timestamps }, options);
  }

  /** A date of the model as DCE shows them in HTML, escaped: the locale's short date and time. */
  date(text: string): string {
    const key = minuteKey(text);
    if (key !== this.#dateKey) {
      this.#date = escapeHtml(this.dates.display(text));
      this.#dateKey = key;
    }
    return this.#date;
  }

  /** The time alone of a date of the model, as beside a message that continues a group. */
  shortTime(text: string): string {
    const key = minuteKey(text);
    if (key !== this.#timeKey) {
      this.#time = escapeHtml(this.timestamps.format(instantMillis(parseInstant(text)), 't'));
      this.#timeKey = key;
    }
    return this.#time;
  }
}
