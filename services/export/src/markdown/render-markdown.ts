import type { ExportUser } from '../model/export-document.js';
import { fullName } from '../writers/full-name.js';
import { colorAttribute } from './css-color.js';
import type { ChannelRef } from './guild-directory.js';
import { escapeHtml } from './html-escape.js';
import type { MarkdownNode } from './markdown-nodes.js';
import type { MarkdownScope } from './markdown-scope.js';
import { parseMarkdown } from './parse-markdown.js';
import { findPlainMentions } from './plain-mentions.js';
import { isPlainProse } from './plain-prose.js';
import { linkUrl, mediaUrl } from './safe-url.js';

type Formatting = 'strong' | 'em' | 'underline' | 'strikethrough' | 'spoiler' | 'subtext';

/** Formatting nodes that map to one element each. */
const formattingTags: Record<Formatting, [string, string]> = {
  strong: ['<strong>', '</strong>'],
  em: ['<em>', '</em>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  // Revealed on click (focus) by CSS alone: the file carries no script.
  spoiler: ['<span class="chatlog__markdown-spoiler" tabindex="0">', '</span>'],
  subtext: ['<small class="chatlog__markdown-subtext">', '</small>'],
};

const navigationNames: Record<string, string> = {
  customize: 'Channels & Roles',
  browse: 'Browse Channels',
  guide: 'Server Guide',
  'linked-roles': 'Linked Roles',
};

const mention = (text: string, attributes = ''): string =>
  `<span class="chatlog__markdown-mention"${attributes}>${escapeHtml(text)}</span>`;

const userMention = (user: ExportUser | undefined): string =>
  user
    ? mention(`@${user.nickname}`, ` title="${escapeHtml(fullName(user))}"${colorAttribute(user.color)}`)
    : mention('@Unknown');

const channelMention = (channel: ChannelRef | undefined): string =>
  channel ? mention(`${channel.isVoice ? '🔊' : '#'}${channel.name}`) : mention('#deleted-channel');

/** Adjacent text nodes joined: the parser splits text at every punctuation mark, names span them. */
function mergeText(nodes: readonly MarkdownNode[]): MarkdownNode[] {
  const merged: MarkdownNode[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (node.type === 'text' && last?.type === 'text')
      merged[merged.length - 1] = { type: 'text', content: last.content + node.content };
    else merged.push(node);
  }
  return merged;
}

/** Whether the text is only emoji and spaces, which Discord shows large ("jumbo"). */
function onlyEmoji(nodes: readonly MarkdownNode[], scope: MarkdownScope): boolean {
  let emoji = 0;
  for (const node of nodes) {
    if (node.type === 'emoji' || node.type === 'twemoji') emoji++;
    else if (node.type !== 'text') return false;
    else {
      let rest = node.content;
      for (const { index, mention: found } of findPlainMentions(node.content, scope).reverse()) {
        if (found.kind !== 'emoji') return false;
        emoji++;
        rest = rest.slice(0, index) + rest.slice(index + found.length);
      }
      if (rest.trim() !== '') return false;
    }
  }
  return emoji > 0;
}

/** Renders one text's nodes into HTML, everything taken from the text escaped. */
class MarkdownHtml {
  #html = '';

  constructor(
    private readonly scope: MarkdownScope,
    private readonly emojiClass: string,
    private readonly links: boolean,
  ) {}

  render(nodes: readonly MarkdownNode[]): string {
    this.#nodes(nodes);
    return this.#html;
  }

  #nodes(nodes: readonly MarkdownNode[]): void {
    let previous: MarkdownNode | undefined;
    for (const node of mergeText(nodes)) {
      // A code block is a block already; the line break after its fence is not an empty line.
      if (!(node.type === 'br' && previous?.type === 'codeBlock')) this.#node(node);
      previous = node;
    }
  }

  #node(node: MarkdownNode): void {
    switch (node.type) {
      case 'strong':
      case 'em':
      case 'underline':
      case 'strikethrough':
      case 'spoiler':
      case 'subtext': {
        const [open, close] = formattingTags[node.type];
        this.#html += open;
        this.#nodes(node.content);
        this.#html += close;
        return;
      }
      case 'text':
        this.#text(node.content);
        return;
      case 'br':
        this.#html += '<br>';
        return;
      case 'heading': {
        const level = Math.min(Math.max(node.level, 1), 3);
        this.#html += `<h${level}>`;
        this.#nodes(node.content);
        this.#html += `</h${level}>`;
        return;
      }
      case 'blockQuote': {
        // The quote's last line break is the end of the quote, not an empty line inside it.
        const content = node.content.at(-1)?.type === 'br' ? node.content.slice(0, -1) : node.content;
        this.#html += '<blockquote class="chatlog__markdown-quote">';
        this.#nodes(content);
        this.#html += '</blockquote>';
        return;
      }
      case 'inlineCode':
        this.#html += `<code class="chatlog__markdown-pre chatlog__markdown-pre--inline">${escapeHtml(node.content)}</code>`;
        return;
      case 'codeBlock': {
        const language = node.lang ? `language-${escapeHtml(node.lang)}` : 'nohighlight';
        this.#html += `<pre class="chatlog__markdown-pre chatlog__markdown-pre--multiline"><code class="${language}">${escapeHtml(node.content)}</code></pre>`;
        return;
      }
      case 'link':
      case 'url':
      case 'autolink': {
        const target = this.links ? linkUrl(node.target) : undefined;
        if (target) this.#html += `<a href="${escapeHtml(target)}">`;
        this.#nodes(node.content);
        if (target) this.#html += '</a>';
        return;
      }
      case 'list': {
        const tag = node.ordered ? 'ol' : 'ul';
        this.#html += node.ordered && node.start !== 1 ? `<ol start="${node.start}">` : `<${tag}>`;
        for (const item of node.items) {
          this.#html += '<li>';
          this.#nodes(item);
          this.#html += '</li>';
        }
        this.#html += `</${tag}>`;
        return;
      }
      case 'user':
        this.#html += userMention(this.scope.users.find((user) => user.id === node.id));
        return;
      case 'role': {
        const role = this.scope.directory.role(node.id);
        this.#html += role ? mention(`@${role.name}`, colorAttribute(role.color, true)) : mention('@deleted-role');
        return;
      }
      case 'channel':
        this.#html += channelMention(this.scope.directory.channel(node.id));
        return;
      case 'everyone':
        this.#html += mention('@everyone');
        return;
      case 'here':
        this.#html += mention('@here');
        return;
      case 'slashCommand':
        this.#html += mention(`/${node.fullName ?? ''}`);
        return;
      case 'guildNavigation':
        this.#html += mention(navigationNames[node.navigation] ?? node.navigation);
        return;
      case 'emoji': {
        const known = this.scope.emojis.find((emoji) => emoji.id === node.id);
        const extension = node.animated ? 'gif' : 'png';
        this.#customEmoji(node.name, known?.imageUrl ?? `https://cdn.discordapp.com/emojis/${node.id}.${extension}`);
        return;
      }
      case 'twemoji': {
        const code = this.scope.emojis.find((emoji) => emoji.id === '' && emoji.name === node.name)?.code;
        const title = code ? ` title=":${escapeHtml(code)}:"` : '';
        this.#html += `<span class="${this.emojiClass}"${title}>${escapeHtml(node.name)}</span>`;
        return;
      }
      case 'timestamp': {
        const seconds = Number(node.timestamp);
        const shown = this.scope.timestamps.marker(seconds, node.format);
        const title = this.scope.timestamps.marker(seconds, 'F') ?? '';
        this.#html += `<span class="chatlog__markdown-timestamp" title="${escapeHtml(title)}">${escapeHtml(shown ?? 'Invalid date')}</span>`;
        return;
      }
    }
  }

  #customEmoji(name: string, imageUrl: string): void {
    const source = mediaUrl(imageUrl);
    if (!source) {
      this.#text(`:${name}:`);
      return;
    }
    const label = escapeHtml(`:${name}:`);
    this.#html += `<img class="${this.emojiClass}" alt="${label}" title="${label}" src="${escapeHtml(source)}" loading="lazy">`;
  }

  /** Text, with the mentions and emoji DCE's plain-text formatting left in it highlighted. */
  #text(text: string): void {
    let done = 0;
    for (const { index, mention: found } of findPlainMentions(text, this.scope)) {
      this.#html += escapeHtml(text.slice(done, index));
      const shown = text.slice(index, index + found.length);
      switch (found.kind) {
        case 'user':
          this.#html += mention(
            shown,
            ` title="${escapeHtml(fullName(found.user))}"${colorAttribute(found.user.color)}`,
          );
          break;
        case 'role':
          this.#html += mention(shown, colorAttribute(found.role.color, true));
          break;
        case 'channel':
          this.#html += channelMention(found.channel);
          break;
        case 'emoji':
          this.#customEmoji(found.emoji.name, found.emoji.imageUrl);
          break;
      }
      done = index + found.length;
    }
    this.#html += escapeHtml(text.slice(done));
  }
}

/** How a text is rendered. */
export interface MarkdownOptions {
  /** Show a text of only emoji large, as Discord does in messages (not in embeds). */
  jumbo: boolean;
  /** Make links of URLs; off where the text already sits in a link (a reply's snippet). */
  links: boolean;
}

/**
 * Discord markdown as HTML: formatting, headings, subtext, lists, quotes, code with its language
 * class, masked links and autolinks (web addresses only), mentions with nicknames and role colours,
 * custom emoji as images, standard emoji as characters (no image needed offline), and `<t:…>` dates.
 * Both raw Discord content and DCE's plain-text-formatted content (mentions already `@Name`) work.
 */
export function renderMarkdown(text: string, scope: MarkdownScope, options: MarkdownOptions): string {
  if (isPlainProse(text)) return escapeHtml(text);
  const nodes = parseMarkdown(text);
  const jumbo = options.jumbo && onlyEmoji(mergeText(nodes), scope);
  const emojiClass = jumbo ? 'chatlog__emoji chatlog__emoji--large' : 'chatlog__emoji';
  return new MarkdownHtml(scope, emojiClass, options.links).render(nodes);
}
