import type { ExportEmoji, ExportMessage, ExportUser } from '../../model/export-document.js';

/** What a reply shows of the message it answers. */
export interface ReplySnippet {
  id: string;
  author: ExportUser;
  /** The start of its content, enough for the one line a reply shows. */
  content: string;
  mentions: readonly ExportUser[];
  inlineEmojis: readonly ExportEmoji[];
  hasMedia: boolean;
  timestampEdited: string | null;
}

/** A reply shows one line, so more of the answered message than this is never seen. */
const snippetLength = 300;

/**
 * The most recent messages by id, least recently used dropped first, so a reply can show the
 * message it answers when that came shortly before: constant memory however long the channel is.
 * A reply to an older message shows that it could not be loaded, as DCE does for a deleted one.
 */
export class ReplyCache {
  readonly #entries = new Map<string, ReplySnippet>();

  constructor(private readonly capacity = 4096) {}

  get size(): number {
    return this.#entries.size;
  }

  remember(message: ExportMessage): void {
    this.#entries.delete(message.id);
    this.#entries.set(message.id, {
      id: message.id,
      author: message.author,
      content: message.content.slice(0, snippetLength),
      mentions: message.mentions,
      inlineEmojis: message.inlineEmojis,
      hasMedia: message.attachments.length > 0 || message.embeds.length > 0,
      timestampEdited: message.timestampEdited,
    });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** The snippet of message `id`, which counts as a use. */
  find(id: string): ReplySnippet | undefined {
    const snippet = this.#entries.get(id);
    if (snippet) {
      this.#entries.delete(id);
      this.#entries.set(id, snippet);
    }
    return snippet;
  }
}
