import type { DefaultTreeAdapterTypes } from 'parse5';
import type { ExportHeader, ExportMessage, ExportUser } from '../src/model/export-document.js';
import type { HtmlTheme } from '../src/writers/html/html-theme.js';
import { HtmlWriter, type HtmlWriterOptions } from '../src/writers/html/html-writer.js';
import type { RenderOptions } from '../src/writers/message-writer.js';
import { author, plainMessage, sampleHeader, utcOptions, writeWith } from './export-fixtures.js';
import { attr, type Element, elements, parseDocument } from './html-dom.js';

/** A whole HTML export of `messages`, as text (checked closed and counted by writeWith). */
export function writeHtml(
  messages: Iterable<ExportMessage>,
  html: HtmlWriterOptions = {},
  theme: HtmlTheme = 'dark',
  options: RenderOptions = utcOptions,
  header: ExportHeader = sampleHeader(),
): Promise<string> {
  return writeWith(
    (sink, renderOptions) => new HtmlWriter(sink, theme, renderOptions, html),
    messages,
    options,
    header,
  );
}

/** The export of `messages`, parsed. */
export async function exportDocument(
  messages: Iterable<ExportMessage>,
  html: HtmlWriterOptions = {},
  theme: HtmlTheme = 'dark',
): Promise<DefaultTreeAdapterTypes.Document> {
  return parseDocument(await writeHtml(messages, html, theme));
}

/** The container of message `id` in a parsed export. */
export function messageElement(document: DefaultTreeAdapterTypes.Node, id: string): Element {
  const found = elements(document).find((element) => attr(element, 'data-message-id') === id);
  if (!found) throw new Error(`message ${id} is not in the export`);
  return found;
}

/** A message by `user` at minute `minute` past 13:00 on 2021-07-19 (UTC). */
export function messageAt(id: string, content: string, minute: number, user: ExportUser = author): ExportMessage {
  const at = new Date(Date.UTC(2021, 6, 19, 13, 0) + minute * 60_000).toISOString().replace('Z', '+00:00');
  return { ...plainMessage(id, content, at), author: user };
}
