import { DiscordTimestamps } from '../markdown/discord-timestamps.js';
import type { MarkdownNode } from '../markdown/markdown-nodes.js';
import { DateFormats } from '../writers/date-format.js';
import type { RenderOptions } from '../writers/message-writer.js';
import type { ConvertScope } from './convert-scope.js';
import { displayName } from './convert-user.js';
import { parsedText } from './parsed-text.js';

/** The nodes DCE's plain-text rendering replaces; everything else is written as it was typed. */
type ReplacedNode = Extract<MarkdownNode, { type: 'user' | 'role' | 'channel' | 'emoji' | 'timestamp' }>;

/** The replaced nodes of a parse, in the order they stand in the text. */
function* replacedNodes(nodes: readonly MarkdownNode[]): Generator<ReplacedNode> {
  for (const node of nodes) {
    switch (node.type) {
      case 'user':
      case 'role':
      case 'channel':
      case 'emoji':
      case 'timestamp':
        yield node;
        break;
      case 'list':
        for (const item of node.items) yield* replacedNodes(item);
        break;
      default:
        if ('content' in node && Array.isArray(node.content)) yield* replacedNodes(node.content);
    }
  }
}

/** How a node may have been typed: Discord accepts `<@!id>` for `<@id>`. */
function sourceForms(node: ReplacedNode): string[] {
  switch (node.type) {
    case 'user':
      return [`<@${node.id}>`, `<@!${node.id}>`];
    case 'role':
      return [`<@&${node.id}>`];
    case 'channel':
      return [`<#${node.id}>`];
    case 'emoji':
      return [`<${node.animated ? 'a' : ''}:${node.name}:${node.id}>`];
    case 'timestamp':
      return [node.format ? `<t:${node.timestamp}:${node.format}>` : `<t:${node.timestamp}>`];
  }
}

/** The users and channels a text mentions by id: what to resolve before rendering it. */
export interface ContentReferences {
  userIds: string[];
  channelIds: string[];
}

export function contentReferences(text: string): ContentReferences {
  const references: ContentReferences = { userIds: [], channelIds: [] };
  if (!text.includes('<')) return references;
  for (const node of replacedNodes(parsedText(text))) {
    if (node.type === 'user') references.userIds.push(node.id);
    else if (node.type === 'channel') references.channelIds.push(node.id);
  }
  return references;
}

/**
 * DCE's PlainTextMarkdownVisitor: content as a person reads it in a text, CSV or JSON export.
 * Mentions become `@Nickname`, `@Role` and `#channel` (` [voice]` after a voice channel), or
 * `@Unknown`, `@deleted-role` and `#deleted-channel`; custom emoji become `:name:`; `<t:…>` markers
 * become dates. Formatting marks are kept as typed, since DCE only looks for these nodes.
 */
export class PlainTextFormatter {
  readonly #timestamps: DiscordTimestamps;
  readonly #dates: DateFormats;

  /** `exportedAtMillis` is what `<t:…:R>` is relative to, so a file reads the same whenever it is opened. */
  constructor(options: Pick<RenderOptions, 'locale' | 'utc'>, exportedAtMillis: number) {
    this.#timestamps = new DiscordTimestamps(options, exportedAtMillis);
    this.#dates = new DateFormats(options);
  }

  format(text: string, scope: ConvertScope): string {
    if (!text.includes('<')) return text;
    let out = '';
    let cursor = 0;
    for (const node of replacedNodes(parsedText(text))) {
      let found = -1;
      let length = 0;
      for (const form of sourceForms(node)) {
        const at = text.indexOf(form, cursor);
        if (at !== -1 && (found === -1 || at < found)) [found, length] = [at, form.length];
      }
      if (found === -1) continue;
      out += text.slice(cursor, found) + this.#replacement(node, scope);
      cursor = found + length;
    }
    return out + text.slice(cursor);
  }

  #replacement(node: ReplacedNode, scope: ConvertScope): string {
    switch (node.type) {
      case 'user': {
        const member = scope.member(node.id);
        const user = member?.user ?? scope.user(node.id);
        return `@${user ? displayName(user, member) : 'Unknown'}`;
      }
      case 'role':
        return `@${scope.role(node.id)?.name ?? 'deleted-role'}`;
      case 'channel': {
        const channel = scope.channel(node.id);
        if (!channel) return '#deleted-channel';
        return channel.isVoice ? `#${channel.name} [voice]` : `#${channel.name}`;
      }
      case 'emoji':
        return `:${node.name}:`;
      case 'timestamp':
        return this.#timestamp(Number(node.timestamp), node.format) ?? 'Invalid date';
    }
  }

  /** With a style as Discord shows it; without one as .NET's `g`, DCE's default. Undefined beyond a Date's range. */
  #timestamp(seconds: number, style: string | undefined): string | undefined {
    const shown = this.#timestamps.marker(seconds, style);
    if (shown === undefined || style) return shown;
    return this.#dates.display(new Date(seconds * 1000).toISOString());
  }
}
