/** Text pieces the command answers share; mentions in embeds render as names and never ping. */

const counts = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => counts.format(n);

/** `3 h 05 min`, `12 min`, `40 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${formatCount(hours)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export const userMention = (id: string): string => `<@${id}>`;
export const channelMention = (id: string): string => `<#${id}>`;

/** Discord's own relative timestamp (`3 days ago`), in the reader's locale and zone. */
export const relativeTime = (epochMs: number): string => `<t:${Math.floor(epochMs / 1000)}:R>`;

/** A custom emoji stored as `name:id` is shown as itself; a unicode one already is. */
export function emojiText(emoji: string): string {
  const custom = /^(.+):(\d+)$/.exec(emoji);
  return custom ? `<:${custom[1]}:${custom[2]}>` : emoji;
}

/** Discord's blurple, for every stats embed. */
export const EMBED_COLOR = 0x5865f2;

/** Numbered lines, or `fallback` when there are none. */
export function lines(items: string[], fallback: string): string {
  return items.length > 0 ? items.join('\n') : fallback;
}

export const codeBlock = (text: string): string => `\`\`\`\n${text}\n\`\`\``;
