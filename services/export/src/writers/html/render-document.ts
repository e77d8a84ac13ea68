import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportHeader } from '../../model/export-document.js';
import type { HtmlContext } from './html-context.js';
import { type HtmlTheme, themeStylesheet } from './html-theme.js';
import { urlAttribute } from './url-attribute.js';

function dateRangeText(header: ExportHeader, context: HtmlContext): string | undefined {
  const { after, before } = header.dateRange;
  if (after !== null && before !== null) return `Between ${context.date(after)} and ${context.date(before)}`;
  if (after !== null) return `After ${context.date(after)}`;
  if (before !== null) return `Before ${context.date(before)}`;
  return undefined;
}

/**
 * The start of the file up to the first message: the page head with its inlined stylesheet, the
 * guild's icon and name, the channel with its category, its topic and the export's date range.
 */
export function preambleHtml(header: ExportHeader, theme: HtmlTheme, locale: string, context: HtmlContext): string {
  const { guild, channel } = header;
  const channelPath = channel.category === null ? channel.name : `${channel.category} / ${channel.name}`;
  let html =
    `<!DOCTYPE html><html lang="${escapeHtml(locale)}" class="theme-${theme}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width"><title>${escapeHtml(`${guild.name} - ${channel.name}`)}</title>` +
    `<style>${themeStylesheet(theme)}</style></head><body class="theme-${theme}">`;
  html += '<div class="preamble"><div class="preamble__guild-icon-container">';
  html += `<img class="preamble__guild-icon"${urlAttribute('src', channel.iconUrl ?? guild.iconUrl)} alt="Guild icon" loading="lazy"></div>`;
  html += `<div class="preamble__entries-container"><div class="preamble__entry">${escapeHtml(guild.name)}</div>`;
  html += `<div class="preamble__entry">${escapeHtml(channelPath)}</div>`;
  if (channel.topic !== null && channel.topic.trim() !== '') {
    html += `<div class="preamble__entry preamble__entry--small chatlog__markdown chatlog__markdown-preserve">${context.markdown(channel.topic, [], [])}</div>`;
  }
  const range = dateRangeText(header, context);
  if (range) html += `<div class="preamble__entry preamble__entry--small">${range}</div>`;
  return `${html}</div></div><div class="chatlog">`;
}

/** The end of the file: the count of messages in it, as the locale writes numbers. */
export function postambleHtml(count: string): string {
  return `</div><div class="postamble"><div class="postamble__entry">Exported ${escapeHtml(count)} message(s)</div></div></body></html>\n`;
}
