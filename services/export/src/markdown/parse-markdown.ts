import { rulesExtended, SimpleMarkdown } from 'discord-markdown-parser';
import { atLineStart, listRule } from './list-rule.js';
import type { MarkdownNode } from './markdown-nodes.js';

type ParserRule = (typeof rulesExtended)[string];

/**
 * The library's heading and subtext rules look for a line start in the last group of the previous
 * capture, which a block quote's capture does not end with; this asks the previous text instead.
 */
function fromLineStart(rule: ParserRule): ParserRule {
  return {
    ...rule,
    match: (source, state, previous) =>
      atLineStart(previous) ? rule.match(source, { ...state, prevCapture: null }, previous) : null,
  };
}

/**
 * Plain text up to the next character another rule may start with. The library's text rule stops
 * before every character that is not an ASCII letter or digit, so a sentence becomes a node per
 * word and every rule is tried again between them; this one runs on through letters of any script,
 * digits, spaces and the punctuation no rule starts with. It still stops before a digit that begins
 * a keycap emoji (1️⃣) and before a URL's scheme, as the library's does.
 */
const textRule: ParserRule = {
  ...(rulesExtended.text as ParserRule),
  match: SimpleMarkdown.anyScopeRegex(/^[\s\S]+?(?=[^\p{L}\p{N}\p{Zs}.,!?'";=%$&/()+]|\p{N}[\uFE0F\u20E3]|\w+:\S|$)/u),
};

/**
 * The rules of webhook and embed markdown (masked links included), which Discord now also applies
 * to what people type, plus lists.
 */
export const markdownRules = {
  ...rulesExtended,
  heading: fromLineStart(rulesExtended.heading as ParserRule),
  subtext: fromLineStart(rulesExtended.subtext as ParserRule),
  list: listRule,
  text: textRule,
};

const parser = SimpleMarkdown.parserFor(markdownRules);

/** Discord markdown parsed into nodes, inline (as Discord parses a message: no paragraphs). */
export function parseMarkdown(text: string): MarkdownNode[] {
  // The rules build only the node shapes MarkdownNode names; the library types them loosely.
  return parser(text, { inline: true }) as MarkdownNode[];
}
