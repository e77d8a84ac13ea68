import type { ExportHeader, ExportMessage } from '../model/export-document.js';

/**
 * DCE's JSON, key by key in JsonMessageWriter's order, laid out as .NET's Utf8JsonWriter indents
 * it (two spaces, `"key": value`, `[]` and `{}` when empty, `\n` line ends on Linux). The order is
 * imposed here rather than taken from the objects, so a message built in any key order, or read
 * from a fork's export with extra keys, is written exactly as DCE writes it.
 */

/** How one value is written: as it is, as a date, as DCE's enum text, an object, or an array. */
type Kind = 'value' | 'date' | 'enum' | Layout | { readonly items: Kind };

/** An object's fields, in order, with what each needs at write time worked out once. */
type Layout = readonly LayoutField[];
interface LayoutField {
  readonly key: string;
  /** `"key": `, ready to append. */
  readonly label: string;
  /** DCE omits an optional key when absent; any other absent key is written as null. */
  readonly optional: boolean;
  readonly kind: Kind;
}

/** `?` after a key marks it optional. */
const fields = (...entries: (readonly [string, Kind])[]): Layout =>
  entries.map(([spec, kind]) => {
    const optional = spec.endsWith('?');
    const key = optional ? spec.slice(0, -1) : spec;
    return { key, label: `"${key}": `, optional, kind };
  });
const list = (items: Kind): Kind => ({ items });

const emoji = fields(
  ['id', 'value'],
  ['name', 'value'],
  ['code', 'value'],
  ['isAnimated', 'value'],
  ['imageUrl', 'value'],
);
const role = fields(['id', 'value'], ['name', 'value'], ['color', 'value'], ['position', 'value']);
const user = fields(
  ['id', 'value'],
  ['name', 'value'],
  ['discriminator', 'value'],
  ['nickname', 'value'],
  ['color', 'value'],
  ['isBot', 'value'],
  ['roles?', list(role)],
  ['avatarUrl', 'value'],
);
const attachment = fields(['id', 'value'], ['url', 'value'], ['fileName', 'value'], ['fileSizeBytes', 'value']);
const embedImage = fields(['url?', 'value'], ['canonicalUrl?', 'value'], ['width', 'value'], ['height', 'value']);
const embed = fields(
  ['title', 'value'],
  ['url', 'value'],
  ['timestamp', 'date'],
  ['description', 'value'],
  ['color?', 'value'],
  ['author?', fields(['name', 'value'], ['url', 'value'], ['iconUrl?', 'value'], ['iconCanonicalUrl?', 'value'])],
  ['thumbnail?', embedImage],
  ['image?', embedImage],
  ['video?', embedImage],
  ['footer?', fields(['text', 'value'], ['iconUrl?', 'value'], ['iconCanonicalUrl?', 'value'])],
  ['images', list(embedImage)],
  ['fields', list(fields(['name', 'value'], ['value', 'value'], ['isInline', 'value']))],
  ['inlineEmojis', list(emoji)],
);
const sticker = fields(['id', 'value'], ['name', 'value'], ['format', 'value'], ['sourceUrl', 'value']);

const message = fields(
  ['id', 'value'],
  ['type', 'enum'],
  ['timestamp', 'date'],
  ['timestampEdited', 'date'],
  ['callEndedTimestamp', 'date'],
  ['isPinned', 'value'],
  ['content', 'value'],
  ['author', user],
  ['attachments', list(attachment)],
  ['embeds', list(embed)],
  ['stickers', list(sticker)],
  ['reactions', list(fields(['emoji', emoji], ['count', 'value'], ['users', list(user)]))],
  ['mentions', list(user)],
  ['reference?', fields(['type', 'value'], ['messageId', 'value'], ['channelId', 'value'], ['guildId', 'value'])],
  [
    'forwardedMessage?',
    fields(
      ['timestamp', 'date'],
      ['timestampEdited', 'date'],
      ['content', 'value'],
      ['attachments', list(attachment)],
      ['embeds', list(embed)],
      ['stickers', list(sticker)],
    ),
  ],
  ['interaction?', fields(['id', 'value'], ['name', 'value'], ['user', user])],
  ['inlineEmojis', list(emoji)],
);

const header = fields(
  ['guild', fields(['id', 'value'], ['name', 'value'], ['iconUrl', 'value'])],
  [
    'channel',
    fields(
      ['id', 'value'],
      ['type', 'enum'],
      ['categoryId', 'value'],
      ['category', 'value'],
      ['name', 'value'],
      ['topic', 'value'],
      ['iconUrl?', 'value'],
    ),
  ],
  ['dateRange', fields(['after', 'date'], ['before', 'date'])],
  ['exportedAt', 'date'],
);

const indents: string[] = [];
const indent = (level: number): string => {
  indents[level] ??= `\n${'  '.repeat(level)}`;
  return indents[level];
};

/**
 * A JSON string as DCE writes it with UnsafeRelaxedJsonEscaping: only `"`, `\` and control
 * characters are escaped, with .NET's upper-case hex. Unlike .NET, characters outside the BMP
 * (emoji) stay as they are rather than becoming `\uD83D\uDE42`: the same text to any JSON reader.
 */
function stringLiteral(text: string): string {
  const literal = JSON.stringify(text);
  if (!literal.includes('\\u')) return literal;
  // Walks escape by escape, so an escaped backslash followed by "u" is left alone.
  return literal.replace(/\\(u[0-9a-f]{4}|.)/g, (sequence) =>
    sequence.length === 6 ? `\\u${sequence.slice(2).toUpperCase()}` : sequence,
  );
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  return JSON.stringify(value);
}

/** Turns a date as the model holds it into the date this file shows. */
export type DateText = (text: string) => string;

function writeValue(value: unknown, kind: Kind, level: number, date: DateText): string {
  if (value === null || value === undefined) return 'null';
  if (kind === 'value') return scalar(value);
  if (kind === 'date') return stringLiteral(date(value as string));
  // Like .NET's enum ToString(): a kind DCE does not name is its number, as a string.
  if (kind === 'enum') return stringLiteral(String(value));
  if ('items' in kind) {
    const items = value as readonly unknown[];
    if (items.length === 0) return '[]';
    let text = '[';
    for (let i = 0; i < items.length; i++) {
      text += (i === 0 ? '' : ',') + indent(level + 1) + writeValue(items[i], kind.items, level + 1, date);
    }
    return `${text}${indent(level)}]`;
  }
  return writeObject(value as Record<string, unknown>, kind, level, date);
}

function writeObject(value: Record<string, unknown>, layout: Layout, level: number, date: DateText): string {
  const inner = indent(level + 1);
  let text = '';
  for (const { key, label, optional, kind } of layout) {
    const field = value[key];
    if (optional && (field === undefined || field === null)) continue;
    text += `,${inner}${label}${writeValue(field, kind, level + 1, date)}`;
  }
  // The loop puts a comma before every field; the first one opens the object instead.
  return text === '' ? '{}' : `{${text.slice(1)}${indent(level)}}`;
}

/** One message, indented for its place in the `messages` array (its first line unindented). */
export function messageJson(value: ExportMessage, date: DateText): string {
  return writeObject(value as unknown as Record<string, unknown>, message, 2, date);
}

/** The document's opening up to and including `"messages": [`. */
export function headerJson(value: ExportHeader, date: DateText): string {
  const object = writeObject(value as unknown as Record<string, unknown>, header, 0, date);
  return `${object.slice(0, -2)},${indent(1)}"messages": [`;
}

/** Closes the `messages` array and the document. */
export function footerJson(messageCount: number): string {
  return `${messageCount === 0 ? '' : indent(1)}],${indent(1)}"messageCount": ${messageCount}\n}`;
}
