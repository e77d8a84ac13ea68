import { escapeRegExp, NON_SPACE, SPACE, SPACE_CHARS, WORD } from './dotnet-text.js';

/**
 * The links of a message's content as DCE's `MarkdownParser.ExtractLinks` finds them (for `has:link`
 * and `has:invite`): auto links, `<hidden>` links and `[masked](links)`, and not those inside code.
 * DCE's markdown parser runs its matchers in a fixed order and takes the earliest match (ties to the
 * first matcher), then parses inside formatting nodes again. Which text is code, and where a link
 * ends (`**https://discord.gg/x**` ends before the asterisks), depends on that, so the same matchers
 * run here in DCE's order. Only those whose match can hold or delimit a link are kept: mentions,
 * timestamps and standard emoji can hold neither, and are left out.
 */

interface Segment {
  start: number;
  end: number;
  matchers: readonly Matcher[];
}

interface Found {
  start: number;
  end: number;
  /** The URL when the node is a link. */
  url?: string;
  /** Parts parsed again: the content of formatting, quotes and lists, a masked link's title. */
  inner: Segment[];
}

interface Matcher {
  find(source: string, start: number, end: number): Found | undefined;
}

/** `^` in .NET's Multiline mode: the start of the input or of a line (JS's `m` also breaks at \r). */
const LINE_START = '(?<![^\\n])';
/** `.` without Singleline. */
const DOT = '[^\\n]';
/** `.` with Singleline. */
const ANY = '[^]';

type Build = (match: RegExpExecArray, offset: number) => Omit<Found, 'start' | 'end'>;

/** The indices of a group, shifted into the whole content. */
function group(match: RegExpExecArray, index: number, offset: number): [number, number] | undefined {
  const span = match.indices?.[index];
  return span && [span[0] + offset, span[1] + offset];
}

function inner(match: RegExpExecArray, index: number, offset: number, matchers: () => readonly Matcher[]): Segment[] {
  const span = group(match, index, offset);
  return span ? [{ start: span[0], end: span[1], matchers: matchers() }] : [];
}

/**
 * DCE's RegexMatcher: it matches within the segment as if it were the whole input (so `^` holds at
 * its start), then keeps the match only if the pattern also matches from the segment's start with
 * the text before it in view. The second check only changes anything for line-anchored patterns.
 */
function regexMatcher(pattern: string, build: Build, anchored = false): Matcher {
  const regex = new RegExp(pattern, 'dgu');
  const check = anchored ? new RegExp(pattern, 'gu') : undefined;
  return {
    find(source, start, end) {
      regex.lastIndex = 0;
      const match = regex.exec(source.slice(start, end));
      if (!match) return undefined;
      if (check) {
        check.lastIndex = start;
        if (!check.test(source.slice(0, end))) return undefined;
      }
      return { start: start + match.index, end: start + match.index + match[0].length, ...build(match, start) };
    },
  };
}

function stringMatcher(needle: string): Matcher {
  return {
    find(source, start, end) {
      const index = source.slice(start, end).indexOf(needle);
      return index < 0 ? undefined : { start: start + index, end: start + index + needle.length, inner: [] };
    },
  };
}

const leaf: Build = () => ({ inner: [] });
const all = (): readonly Matcher[] => MATCHERS;
const formatting = (pattern: string, matchers: () => readonly Matcher[] = all, anchored = false): Matcher =>
  regexMatcher(pattern, (match, offset) => ({ inner: inner(match, 1, offset, matchers) }), anchored);

/**
 * A node whose content is every capture of a repeated group (quote lines, list items). JS keeps only
 * the last capture, so the items are read again one after another from where the repetition starts.
 */
function repeatedMatcher(
  pattern: string,
  itemsFrom: (match: RegExpExecArray) => number,
  item: (match: RegExpExecArray) => RegExp,
): Matcher {
  return regexMatcher(
    pattern,
    (match, offset) => {
      const items = item(match);
      const end = match.index + match[0].length;
      const segments: Segment[] = [];
      items.lastIndex = itemsFrom(match);
      while (items.lastIndex < end) {
        const next = items.exec(match.input);
        if (!next) break;
        segments.push(...inner(next, 1, offset, all));
      }
      return { inner: segments };
    },
    true,
  );
}

const bold = formatting(String.raw`\*\*(${ANY}+?)\*\*(?!\*)`);
const underline = formatting(`__(${ANY}+?)__(?!_)`);

const MATCHERS: readonly Matcher[] = [
  stringMatcher('¯\\_(ツ)_/¯'),
  regexMatcher(String.raw`\\([^a-zA-Z0-9${SPACE_CHARS}])`, leaf),
  formatting(String.raw`\*(\*\*${ANY}+?\*\*)\*(?!\*)`, () => [bold]),
  formatting(`_(__${ANY}+?__)_(?!_)`, () => [underline]),
  bold,
  formatting(String.raw`\*(?!${SPACE})(${ANY}+?)(?<!${SPACE}|\*)\*(?!\*)`),
  underline,
  formatting(`_(${ANY}+?)_(?!${WORD})`),
  formatting(`~~(${ANY}+?)~~`),
  formatting(String.raw`\|\|(${ANY}+?)\|\|`),
  formatting(`${LINE_START}>>>${SPACE}(${ANY}+)`, all, true),
  repeatedMatcher(
    `(?:${LINE_START}>${SPACE}(${DOT}*\\n?)){2,}`,
    (match) => match.index,
    () => new RegExp(`${LINE_START}>${SPACE}(${DOT}*\\n?)`, 'dyu'),
  ),
  formatting(`${LINE_START}>${SPACE}(${DOT}+\\n?)`, all, true),
  regexMatcher(
    `${LINE_START}(#{1,3})${SPACE}(${DOT}+)\\n`,
    (match, offset) => ({ inner: inner(match, 2, offset, all) }),
    true,
  ),
  repeatedMatcher(
    String.raw`${LINE_START}(${SPACE}*)(?:[\-\*]${SPACE}(${DOT}+(?:\n${SPACE}\1${DOT}*)*)?\n?)+`,
    (match) => match.index + (match[1]?.length ?? 0),
    (match) =>
      new RegExp(String.raw`[\-\*]${SPACE}(${DOT}+(?:\n${SPACE}${escapeRegExp(match[1] ?? '')}${DOT}*)*)?\n?`, 'dyu'),
  ),
  regexMatcher(`\`\`\`(?:(${WORD}*)\\n)?(${ANY}+?)\`\`\``, leaf),
  regexMatcher('(`{1,2})([^`]+)\\1', leaf),
  regexMatcher(String.raw`\[(${DOT}+?)\]\((${DOT}+?)\)`, (match, offset) => ({
    url: match[2],
    inner: inner(match, 1, offset, all),
  })),
  regexMatcher(`(https?://${NON_SPACE}*[^.,:;"'${SPACE_CHARS}])`, (match) => ({ url: match[1], inner: [] })),
  regexMatcher(`<(https?://${NON_SPACE}*[^.,:;"'${SPACE_CHARS}])>`, (match) => ({ url: match[1], inner: [] })),
  regexMatcher(String.raw`<(a)?:(${DOT}+?):(\p{Nd}+?)>`, leaf),
];

/** DCE's AggregateMatcher: the earliest match of any matcher, ties to the one listed first. */
function earliest(matchers: readonly Matcher[], source: string, start: number, end: number): Found | undefined {
  let best: Found | undefined;
  for (const matcher of matchers) {
    const found = matcher.find(source, start, end);
    if (found && (best === undefined || found.start < best.start)) best = found;
    if (best?.start === start) break;
  }
  return best;
}

function collect(source: string, segment: Segment, links: string[]): void {
  let position = segment.start;
  while (position < segment.end) {
    const found = earliest(segment.matchers, source, position, segment.end);
    if (!found) return;
    if (found.url !== undefined) links.push(found.url);
    for (const part of found.inner) collect(source, part, links);
    position = found.end;
  }
}

/** The URLs of the links in `content`, in order. */
export function extractLinks(content: string): string[] {
  const links: string[] = [];
  collect(content, { start: 0, end: content.length, matchers: MATCHERS }, links);
  return links;
}
