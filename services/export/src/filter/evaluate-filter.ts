import type { ExportReaction, ExportUser } from '../model/export-document.js';
import { fullName } from '../writers/full-name.js';
import { containsText } from './contains-text.js';
import { equalsIgnoreCase } from './dotnet-text.js';
import type { FilterNode } from './filter-ast.js';
import { hasContent } from './has-content.js';
import type { MessageFilter } from './message-filter.js';

/**
 * DCE's `from:`/`mentions:` comparison: exact, ignoring case, with the username, the display name,
 * `name#1234` (the name alone without a discriminator) or the id. DCE's display name is the global
 * name; the model keeps the `nickname` DCE's JSON writes (guild nick, else global name, else
 * username), so a guild nickname matches too.
 */
function isUser(user: ExportUser, value: string): boolean {
  return (
    equalsIgnoreCase(value, user.name) ||
    equalsIgnoreCase(value, user.nickname) ||
    equalsIgnoreCase(value, fullName(user)) ||
    equalsIgnoreCase(value, user.id)
  );
}

/** DCE's `reaction:`: the emoji's id (custom emoji only), its name (or the character) or its code. */
function isReaction(reaction: ExportReaction, value: string): boolean {
  const { id, name, code } = reaction.emoji;
  return (id !== '' && equalsIgnoreCase(value, id)) || equalsIgnoreCase(value, name) || equalsIgnoreCase(value, code);
}

/** The filter a syntax tree describes, with its patterns compiled once, not per message. */
export function compileFilter(node: FilterNode): MessageFilter {
  switch (node.kind) {
    case 'and': {
      const left = compileFilter(node.left);
      const right = compileFilter(node.right);
      return (message) => left(message) && right(message);
    }
    case 'or': {
      const left = compileFilter(node.left);
      const right = compileFilter(node.right);
      return (message) => left(message) || right(message);
    }
    case 'not': {
      const operand = compileFilter(node.operand);
      return (message) => !operand(message);
    }
    case 'contains':
      return containsText(node.text);
    case 'from':
      return (message) => isUser(message.author, node.value);
    case 'mentions':
      return (message) => message.mentions.some((user) => isUser(user, node.value));
    case 'reaction':
      return (message) => message.reactions.some((reaction) => isReaction(reaction, node.value));
    case 'has':
      return hasContent(node.what);
  }
}
