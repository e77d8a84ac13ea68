/**
 * The nodes of Discord markdown as discord-markdown-parser produces them (plus lists), typed so the
 * renderer can switch on them. Each `type` is the name of the rule that made the node.
 */
export type MarkdownNode =
  | { type: 'text'; content: string }
  | { type: 'br' }
  | {
      type: 'strong' | 'em' | 'underline' | 'strikethrough' | 'spoiler' | 'blockQuote' | 'subtext';
      content: MarkdownNode[];
    }
  | { type: 'heading'; level: number; content: MarkdownNode[] }
  | { type: 'inlineCode'; content: string }
  | { type: 'codeBlock'; lang: string; content: string }
  | { type: 'link' | 'url' | 'autolink'; target: string; content: MarkdownNode[] }
  | { type: 'list'; ordered: boolean; start: number; items: MarkdownNode[][] }
  | { type: 'user' | 'channel' | 'role'; id: string }
  | { type: 'emoji'; name: string; id: string; animated: boolean }
  | { type: 'twemoji'; name: string }
  | { type: 'everyone' | 'here' }
  | { type: 'timestamp'; timestamp: string; format?: string }
  | { type: 'slashCommand'; fullName?: string; id: string }
  | { type: 'guildNavigation'; id: string; navigation: string };

/** The node types that hold nested nodes in `content`. */
export type ContainerNode = Extract<MarkdownNode, { content: MarkdownNode[] }>;
