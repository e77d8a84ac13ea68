/**
 * .NET's notions of whitespace, word characters and case-insensitive equality, written for JS, so
 * that filters match exactly what DiscordChatExporter (C#) matches, also outside ASCII. JS's own `\s`,
 * `\w` and `\b` differ: its `\w` is ASCII only, and its `\s` counts U+FEFF but not U+0085.
 */

/** The characters of .NET's `\s` and `char.IsWhiteSpace`, as the body of a regex class (`u` flag). */
export const SPACE_CHARS = String.raw`\f\n\r\t\v\x85\p{Z}`;
/** .NET's `\s`. */
export const SPACE = `[${SPACE_CHARS}]`;
/** .NET's `\S`. */
export const NON_SPACE = `[^${SPACE_CHARS}]`;
/** .NET's `\w`: letters, non-spacing marks, decimal digits and connector punctuation, in any script. */
export const WORD = String.raw`[\p{L}\p{Mn}\p{Nd}\p{Pc}]`;
/** .NET's `\b`, whose word characters also include the zero-width (non-)joiner (UTS #18 RL1.4). */
const BOUNDARY_WORD = String.raw`[\p{L}\p{Mn}\p{Nd}\p{Pc}\u200C\u200D]`;
export const BOUNDARY = `(?:(?<=${BOUNDARY_WORD})(?!${BOUNDARY_WORD})|(?<!${BOUNDARY_WORD})(?=${BOUNDARY_WORD}))`;

const whiteSpace = new RegExp(SPACE, 'u');
const blank = new RegExp(`^${SPACE}*$`, 'u');

/** `char.IsWhiteSpace`. */
export function isWhiteSpace(char: string): boolean {
  return whiteSpace.test(char);
}

/** `string.IsNullOrWhiteSpace`. */
export function isBlank(text: string | null | undefined): boolean {
  return text === null || text === undefined || blank.test(text);
}

/** The text as a literal inside a `u`-flag pattern (where `Regex.Escape` serves DCE). */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, String.raw`\$&`);
}

/** One code point's simple (one-to-one) uppercase mapping, as ordinal case-insensitive comparison uses. */
function simpleUpper(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  const upper = char.toUpperCase();
  const mapped = upper.codePointAt(0);
  // toUpperCase applies full mappings too (ß → SS); those are not simple mappings and keep the character.
  return mapped !== undefined && upper.length === char.length ? mapped : codePoint;
}

/** `string.Equals(a, b, StringComparison.OrdinalIgnoreCase)`. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (let l = left.next(), r = right.next(); !l.done || !r.done; l = left.next(), r = right.next()) {
    if (l.done || r.done) return false;
    const lc = l.value.codePointAt(0) ?? 0;
    const rc = r.value.codePointAt(0) ?? 0;
    if (lc !== rc && simpleUpper(lc) !== simpleUpper(rc)) return false;
  }
  return true;
}
