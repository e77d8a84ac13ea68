import { equalsIgnoreCase, isWhiteSpace } from './dotnet-text.js';
import { FilterSyntaxError } from './filter-syntax-error.js';

/**
 * The lexical pieces of DCE's filter language, read on demand at a position. DCE's grammar is
 * scannerless (Superpower text parsers) and its whitespace depends on context: a word may hold a
 * tab, yet any whitespace around `|`, `&` and inside parentheses is skipped, and only literal spaces
 * make the implicit and. So the parser asks for the piece it expects where it expects it, rather
 * than reading a token stream made up front.
 */

/** A word or a quoted phrase, with its backslash escapes resolved. */
export interface TextToken {
  value: string;
  /** Index of its first character in the filter. */
  start: number;
  /** Index just past its last character. */
  end: number;
}

/** Characters that end an unquoted word: they belong to other parts of the grammar. */
const WORD_BREAKS = new Set([' ', '(', ')', '"', "'", '-', '~', '|', '&']);

/** The escaped character after a backslash at `position`; a backslash that ends the filter escapes nothing. */
function escapedAt(source: string, position: number): string {
  const char = source.codePointAt(position + 1);
  if (char === undefined) throw new FilterSyntaxError(source, position + 1, 'a character after "\\"');
  return String.fromCodePoint(char);
}

function readQuoted(source: string, start: number): TextToken {
  const quote = source.charAt(start);
  let value = '';
  let position = start + 1;
  while (position < source.length && source.charAt(position) !== quote) {
    if (source.charAt(position) === '\\') {
      const escaped = escapedAt(source, position);
      value += escaped;
      position += 1 + escaped.length;
    } else {
      value += source.charAt(position);
      position += 1;
    }
  }
  if (position >= source.length) {
    throw new FilterSyntaxError(source, position, `${quote} to close the quote at position ${start}`);
  }
  return { value, start, end: position + 1 };
}

function readUnquoted(source: string, start: number): TextToken | undefined {
  let value = '';
  let position = start;
  while (position < source.length) {
    const char = source.charAt(position);
    if (char === '\\') {
      const escaped = escapedAt(source, position);
      value += escaped;
      position += 1 + escaped.length;
    } else if (WORD_BREAKS.has(char)) {
      break;
    } else {
      value += char;
      position += 1;
    }
  }
  return position === start ? undefined : { value, start, end: position };
}

/**
 * The text at `position`: a phrase in `"…"` or `'…'` (the other quote is literal inside), or a word
 * of anything but a space, `( ) " ' - ~ | &`; a backslash escapes any character in both. Undefined
 * when no text starts there.
 */
export function readText(source: string, position: number): TextToken | undefined {
  const char = source.charAt(position);
  return char === '"' || char === "'" ? readQuoted(source, position) : readUnquoted(source, position);
}

/** The position after any whitespace (`char.IsWhiteSpace`) at `position`. */
export function skipWhitespace(source: string, position: number): number {
  let next = position;
  while (next < source.length && isWhiteSpace(source.charAt(next))) next++;
  return next;
}

/** The position after the literal spaces at `position`: only those make an implicit and. */
export function skipSpaces(source: string, position: number): number {
  let next = position;
  while (source.charAt(next) === ' ') next++;
  return next;
}

/** Whether `word` is at `position`, ignoring case, as DCE's keywords are. */
export function keywordAt(source: string, position: number, word: string): boolean {
  return equalsIgnoreCase(source.slice(position, position + word.length), word);
}
