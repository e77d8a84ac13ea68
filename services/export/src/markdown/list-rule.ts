import { SimpleMarkdown } from 'discord-markdown-parser';
import type { MarkdownNode } from './markdown-nodes.js';

type ParserRule = Parameters<typeof SimpleMarkdown.parserFor>[0][string];
type Capture = NonNullable<ReturnType<ParserRule['match']>>;

const itemLine = /^( *)([*-]|\d{1,9}\.) +([^\n]*)$/;

interface ListItem {
  text: string;
  nested: string[];
}

interface ListBlock {
  source: string;
  ordered: boolean;
  start: number;
  items: ListItem[];
}

/** Whether the text before a match ends a line (or there is none), where block syntax may start. */
export const atLineStart = (previous: string): boolean => previous === '' || previous.endsWith('\n');

const isOrdered = (bullet: string): boolean => bullet !== '-' && bullet !== '*';

/**
 * The list at the start of `source`: item lines of one kind (bulleted or numbered) at the first
 * item's indent, each with the deeper-indented item lines under it, which make a nested list.
 */
function readList(source: string): ListBlock | undefined {
  const firstEnd = source.indexOf('\n');
  const first = itemLine.exec(firstEnd === -1 ? source : source.slice(0, firstEnd));
  if (!first) return undefined;
  const baseIndent = (first[1] ?? '').length;
  const ordered = isOrdered(first[2] ?? '-');
  const items: ListItem[] = [];
  let consumed = 0;
  while (consumed < source.length) {
    const end = source.indexOf('\n', consumed);
    const line = source.slice(consumed, end === -1 ? source.length : end);
    const [, indent = '', bullet = '', text = ''] = itemLine.exec(line) ?? [];
    const current = items.at(-1);
    if (!bullet) break;
    if (current && indent.length > baseIndent) current.nested.push(line.slice(baseIndent));
    else if (isOrdered(bullet) === ordered) items.push({ text, nested: [] });
    else break;
    consumed = end === -1 ? source.length : end + 1;
  }
  return {
    source: source.slice(0, consumed),
    ordered,
    start: ordered ? Number.parseInt(first[2] ?? '1', 10) : 1,
    items,
  };
}

/**
 * Discord's bulleted and numbered lists, which discord-markdown-parser leaves out. simple-markdown's
 * own list rule only runs in block mode, while message content is parsed inline; this one matches at
 * the start of a line in either, and nests a list indented under an item.
 */
export const listRule: ParserRule = {
  order: SimpleMarkdown.defaultRules.list.order,
  match: (source, _state, previous) => {
    if (!atLineStart(previous)) return null;
    const list = readList(source);
    if (!list) return null;
    // The heading and subtext rules look for a line start in the last group of the previous
    // capture, so the newline a list ends with goes there too.
    const capture: Capture = [list.source, list.source.endsWith('\n') ? '\n' : ''];
    return Object.assign(capture, { index: 0, list });
  },
  parse: (capture, parse, state) => {
    const { ordered, start, items } = (capture as Capture & { list: ListBlock }).list;
    const parseLine = (text: string): MarkdownNode[] => {
      // Each item starts a line of its own, so a nested list or heading can match at its start.
      state.prevCapture = null;
      return parse(text, state) as MarkdownNode[];
    };
    return {
      ordered,
      start,
      items: items.map((item) => [
        ...parseLine(item.text),
        ...(item.nested.length > 0 ? parseLine(item.nested.join('\n')) : []),
      ]),
    };
  },
};
