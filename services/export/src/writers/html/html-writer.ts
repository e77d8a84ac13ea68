import { DiscordTimestamps } from '../../markdown/discord-timestamps.js';
import { type ChannelRef, GuildDirectory } from '../../markdown/guild-directory.js';
import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportHeader, ExportMessage, ExportRole } from '../../model/export-document.js';
import { instantMillis, parseInstant } from '../date-format.js';
import type { ByteSink } from '../file-sink.js';
import type { ExportFormat, RenderOptions } from '../message-writer.js';
import { TextMessageWriter } from '../text-message-writer.js';
import { HtmlContext } from './html-context.js';
import type { HtmlTheme } from './html-theme.js';
import { canJoinGroup, groupingKey, type OpenGroup } from './message-grouping.js';
import { postambleHtml, preambleHtml } from './render-document.js';
import { messageHtml } from './render-message.js';
import { ReplyCache } from './reply-cache.js';

/** What an HTML export can be told beyond the options every format shares. */
export interface HtmlWriterOptions {
  /** `--reverse`: messages come newest first, which changes DCE's grouping rule for replies. */
  reverse?: boolean;
  /** A line with the date wherever the day changes (which also starts a new group), as Discord shows. */
  dateSeparators?: boolean;
  /** How many recent messages are kept for the replies that answer them (4096 by default). */
  replyCacheSize?: number;
  /** The guild's roles when known (a live export), so `<@&id>` shows the role even if no user has it. */
  roles?: readonly ExportRole[];
  /** The guild's channels when known, for `<#id>` and DCE's plain `#name`. */
  channels?: ReadonlyArray<{ id: string } & ChannelRef>;
}

const groupStart = '<div class="chatlog__message-group">';
const groupEnd = '</div>';

/**
 * DCE's HtmlDark and HtmlLight: one self-contained page (stylesheet inlined, no script, no font or
 * CDN to load; only the export's own media are referenced), messages grouped as Discord groups them.
 *
 * Streamed: the head at `begin`, each message as soon as it arrives (it is known at once whether it
 * opens a group), the group's end when the next group starts or the file ends. Held between messages:
 * the open group's first and last message keys, a bounded cache of recent messages for replies, and
 * the guild's roles and channels met so far (a guild has at most 250 roles).
 */
export class HtmlWriter extends TextMessageWriter {
  readonly format: ExportFormat;
  readonly #theme: HtmlTheme;
  readonly #options: RenderOptions;
  readonly #reverse: boolean;
  readonly #dateSeparators: boolean;
  readonly #directory = new GuildDirectory();
  readonly #replies: ReplyCache;
  #context: HtmlContext | undefined;
  #group: OpenGroup | undefined;
  #day: string | undefined;
  readonly #dayFormat: Intl.DateTimeFormat;

  constructor(sink: ByteSink, theme: HtmlTheme, options: RenderOptions, html: HtmlWriterOptions = {}) {
    super(sink, options);
    this.format = theme === 'dark' ? 'HtmlDark' : 'HtmlLight';
    this.#theme = theme;
    this.#options = options;
    this.#reverse = html.reverse ?? false;
    this.#dateSeparators = html.dateSeparators ?? false;
    this.#replies = new ReplyCache(html.replyCacheSize);
    this.#directory.addRoles(html.roles);
    for (const { id, ...channel } of html.channels ?? []) this.#directory.addChannel(id, channel);
    this.#dayFormat = new Intl.DateTimeFormat(options.locale, {
      dateStyle: 'long',
      timeZone: options.utc ? 'UTC' : undefined,
    });
  }

  protected preamble(header: ExportHeader): string {
    const { channel } = header;
    this.#directory.addChannel(channel.id, { name: channel.name, isVoice: channel.type === 'GuildVoiceChat' });
    if (channel.categoryId !== null && channel.category !== null) {
      this.#directory.addChannel(channel.categoryId, { name: channel.category, isVoice: false });
    }
    const now = instantMillis(parseInstant(header.exportedAt));
    this.#context = new HtmlContext(
      this.dates,
      new DiscordTimestamps(this.#options, now),
      this.#directory,
      this.#replies,
      this.#options.markdown,
    );
    return preambleHtml(header, this.#theme, this.#options.locale, this.#context);
  }

  protected message(message: ExportMessage): string {
    const context = this.#requireContext();
    this.#directory.addRoles(message.author.roles);
    for (const user of message.mentions) this.#directory.addRoles(user.roles);

    const key = groupingKey(message);
    let html = '';
    const day = this.#dateSeparators ? this.#dayFormat.format(key.millis) : undefined;
    const newDay = day !== this.#day;
    const joins = !newDay && canJoinGroup(this.#group, key, this.#reverse);
    if (this.#group && joins) {
      this.#group.last = key;
    } else {
      if (this.#group) html += groupEnd;
      if (newDay && day !== undefined)
        html += `<div class="chatlog__date-separator"><span>${escapeHtml(day)}</span></div>`;
      html += groupStart;
      this.#group = { first: key, last: key };
      this.#day = day;
    }
    html += messageHtml(message, this.#group.first === key, context);
    // After rendering: a message never answers itself, and what it answers came before it.
    this.#replies.remember(message);
    return html;
  }

  protected postamble(count: number): string {
    const html = (this.#group ? groupEnd : '') + postambleHtml(this.dates.count(count));
    this.#group = undefined;
    return html;
  }

  #requireContext(): HtmlContext {
    if (!this.#context) throw new Error('HtmlWriter.write() called before begin()');
    return this.#context;
  }
}
