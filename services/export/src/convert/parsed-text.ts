import type { MarkdownNode } from '../markdown/markdown-nodes.js';
import { parseMarkdown } from '../markdown/parse-markdown.js';
import { isPlainProse } from '../markdown/plain-prose.js';

/** Texts parsed lately: a page's contents are read for their references, then formatted, then for emoji. */
const recent = new Map<string, MarkdownNode[]>();
const RECENT_MAX = 2048;

/**
 * A message text's markdown nodes, for conversion, which only looks for mentions, emoji and timestamps:
 * prose with nothing a rule could start (most chat) is one text node without the parser, and the last
 * texts parsed are kept, so each is parsed once however many times a page is converted. Do not mutate.
 */
export function parsedText(text: string): readonly MarkdownNode[] {
  if (isPlainProse(text)) return [{ type: 'text', content: text }];
  let nodes = recent.get(text);
  if (nodes === undefined) {
    if (recent.size >= RECENT_MAX) recent.clear();
    nodes = parseMarkdown(text);
    recent.set(text, nodes);
  }
  return nodes;
}
