import type { ExportEmbed } from '../model/export-document.js';
import { BOUNDARY, escapeRegExp, isBlank, SPACE } from './dotnet-text.js';
import type { MessageFilter } from './message-filter.js';

/**
 * DCE's ContainsMessageFilter: the text as a whole word, or between spaces, or as the whole input,
 * ignoring case (`max` does not match "maximum", `"(max)"` matches "our (max) effort"), in the
 * content and in each embed's title, author, description, footer and fields. Attachment names and
 * forwarded messages are not searched, as in DCE.
 */
export function containsText(text: string): MessageFilter {
  const pattern = new RegExp(`(?:${BOUNDARY}|${SPACE}|^)${escapeRegExp(text)}(?:${BOUNDARY}|${SPACE}|$)`, 'iu');
  const matches = (value: string | null | undefined): boolean => !isBlank(value) && pattern.test(value ?? '');
  const embedMatches = (embed: ExportEmbed): boolean =>
    matches(embed.title) ||
    matches(embed.author?.name) ||
    matches(embed.description) ||
    matches(embed.footer?.text) ||
    embed.fields.some((field) => matches(field.name) || matches(field.value));
  return (message) => matches(message.content) || message.embeds.some(embedMatches);
}
