import type { MarkdownNode } from '../markdown/markdown-nodes.js';
import type { ExportEmoji } from '../model/export-document.js';
import { type CdnUrls, standardEmojiUrl } from './cdn-urls.js';
import { standardEmojiShortcode } from './emoji-shortcodes.js';
import { parsedText } from './parsed-text.js';

/** An emoji as Discord gives it in a reaction: a custom one has an id, a deleted one may have no name. */
export interface DiscordEmoji {
  id: string | null;
  name: string | null;
  animated?: boolean;
}

/**
 * An emoji as DCE writes it: id "" for a standard one, whose image is Twemoji's. The code of a custom
 * emoji is its name; a standard one's is its Discord shortcode (`slight_smile`), or its name when the
 * shortcode index does not know it, as DCE does.
 */
export function toExportEmoji(emoji: DiscordEmoji, cdn: CdnUrls): ExportEmoji {
  if (emoji.id) {
    const name = emoji.name ?? 'Unknown Emoji';
    const isAnimated = emoji.animated ?? false;
    return { id: emoji.id, name, code: name, isAnimated, imageUrl: cdn.customEmoji(emoji.id, isAnimated) };
  }
  const name = emoji.name ?? 'Unknown Emoji';
  const code = standardEmojiShortcode(name) ?? name;
  return { id: '', name, code, isAnimated: false, imageUrl: standardEmojiUrl(name) };
}

function* emojiNodes(nodes: readonly MarkdownNode[]): Generator<DiscordEmoji> {
  for (const node of nodes) {
    if (node.type === 'emoji') yield { id: node.id, name: node.name, animated: node.animated };
    else if (node.type === 'twemoji') yield { id: null, name: node.name };
    else if (node.type === 'list') for (const item of node.items) yield* emojiNodes(item);
    else if ('content' in node && Array.isArray(node.content)) yield* emojiNodes(node.content);
  }
}

/** The emoji of a text (standard and custom), once per name, as DCE's `inlineEmojis`. */
export function inlineEmojis(text: string | null | undefined, cdn: CdnUrls): ExportEmoji[] {
  if (!text) return [];
  const byName = new Map<string, ExportEmoji>();
  for (const emoji of emojiNodes(parsedText(text))) {
    const exported = toExportEmoji(emoji, cdn);
    if (!byName.has(exported.name)) byName.set(exported.name, exported);
  }
  return [...byName.values()];
}
