import { describe, expect, it } from 'vitest';
import type { FilterNode } from '../src/filter/filter-ast.js';
import { FilterSyntaxError, parseFilterSyntax } from '../src/filter/parse-filter.js';

const text = (value: string): FilterNode => ({ kind: 'contains', text: value });
const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'and', left, right });
const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'or', left, right });
const not = (operand: FilterNode): FilterNode => ({ kind: 'not', operand });
const from = (value: string): FilterNode => ({ kind: 'from', value });

function syntaxError(source: string): FilterSyntaxError {
  try {
    parseFilterSyntax(source);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed`);
}

describe('primitives', () => {
  it('reads each keyword, case-insensitively, with a word or a quoted value', () => {
    expect(parseFilterSyntax('from:Tyrrrz')).toEqual(from('Tyrrrz'));
    expect(parseFilterSyntax('FROM:Tyrrrz#1234')).toEqual(from('Tyrrrz#1234'));
    expect(parseFilterSyntax('mentions:"John Doe"')).toEqual({ kind: 'mentions', value: 'John Doe' });
    expect(parseFilterSyntax('Reaction:🙂')).toEqual({ kind: 'reaction', value: '🙂' });
    expect(parseFilterSyntax('from:\'John "JD" Doe\'')).toEqual(from('John "JD" Doe'));
  });

  it('reads every has: kind, case-insensitively', () => {
    for (const what of ['link', 'embed', 'file', 'video', 'image', 'sound', 'pin', 'invite'] as const) {
      expect(parseFilterSyntax(`has:${what.toUpperCase()}`)).toEqual({ kind: 'has', what });
    }
  });

  it('takes a word that only starts like a keyword, or has no colon right after it, as text', () => {
    expect(parseFilterSyntax('fromage')).toEqual(text('fromage'));
    expect(parseFilterSyntax('hash:x')).toEqual(text('hash:x'));
    expect(parseFilterSyntax('in:general')).toEqual(text('in:general'));
    expect(parseFilterSyntax('"from:x"')).toEqual(text('from:x'));
    // A keyword is matched on the characters written, so an escape inside it makes it text.
    expect(parseFilterSyntax('fr\\om:x')).toEqual(text('from:x'));
  });

  it('resolves backslash escapes in words and in quotes', () => {
    expect(parseFilterSyntax('from:96\\-LB')).toEqual(from('96-LB'));
    expect(parseFilterSyntax('well\\-known')).toEqual(text('well-known'));
    expect(parseFilterSyntax('a\\ b')).toEqual(text('a b'));
    expect(parseFilterSyntax('\\(x\\)')).toEqual(text('(x)'));
    expect(parseFilterSyntax('"say \\"hi\\""')).toEqual(text('say "hi"'));
    expect(parseFilterSyntax("'it\\'s'")).toEqual(text("it's"));
    expect(parseFilterSyntax('"back\\\\slash"')).toEqual(text('back\\slash'));
    expect(parseFilterSyntax('"(max) - | & ~"')).toEqual(text('(max) - | & ~'));
    expect(parseFilterSyntax('""')).toEqual(text(''));
  });

  it('keeps tabs inside a word, since only spaces separate words', () => {
    expect(parseFilterSyntax('a\tb')).toEqual(text('a\tb'));
    expect(parseFilterSyntax('a \t')).toEqual(and(text('a'), text('\t')));
  });
});

describe('operators and precedence', () => {
  it('joins with space, & and |', () => {
    expect(parseFilterSyntax('hello world')).toEqual(and(text('hello'), text('world')));
    expect(parseFilterSyntax('a   b')).toEqual(and(text('a'), text('b')));
    expect(parseFilterSyntax('a&b')).toEqual(and(text('a'), text('b')));
    expect(parseFilterSyntax('a | b')).toEqual(or(text('a'), text('b')));
    expect(parseFilterSyntax('a\t|\tb')).toEqual(or(text('a\t'), text('b')));
    expect(parseFilterSyntax('"a"\t|\tb')).toEqual(or(text('a'), text('b')));
  });

  it('has no precedence: every operator folds left to right', () => {
    expect(parseFilterSyntax('a | b c')).toEqual(and(or(text('a'), text('b')), text('c')));
    expect(parseFilterSyntax('a b | c')).toEqual(or(and(text('a'), text('b')), text('c')));
    expect(parseFilterSyntax('a & b | c & d')).toEqual(and(or(and(text('a'), text('b')), text('c')), text('d')));
  });

  it('groups with parentheses', () => {
    expect(parseFilterSyntax('a | (b c)')).toEqual(or(text('a'), and(text('b'), text('c'))));
    expect(parseFilterSyntax('(from:Tyrrrz | from:"96-LB") has:image')).toEqual(
      and(or(from('Tyrrrz'), from('96-LB')), { kind: 'has', what: 'image' }),
    );
    expect(parseFilterSyntax('( a|b )')).toEqual(or(text('a'), text('b')));
    expect(parseFilterSyntax('((a))')).toEqual(text('a'));
  });

  it('negates the next primitive or group with - or ~', () => {
    expect(parseFilterSyntax('-from:Tyrrrz | -has:image')).toEqual(
      or(not(from('Tyrrrz')), not({ kind: 'has', what: 'image' })),
    );
    expect(parseFilterSyntax('~a b')).toEqual(and(not(text('a')), text('b')));
    expect(parseFilterSyntax('-(from:Tyrrrz has:image)')).toEqual(
      not(and(from('Tyrrrz'), { kind: 'has', what: 'image' })),
    );
    expect(parseFilterSyntax('-(-a)')).toEqual(not(not(text('a'))));
  });

  it('skips whitespace at the ends, and accepts spaces before ) or the end where DCE fails', () => {
    expect(parseFilterSyntax('  \ta b')).toEqual(and(text('a'), text('b')));
    expect(parseFilterSyntax('a b  ')).toEqual(and(text('a'), text('b')));
    expect(parseFilterSyntax('(a  ) b')).toEqual(and(text('a'), text('b')));
    // An escaped trailing space is text, as in DCE.
    expect(parseFilterSyntax('a\\ ')).toEqual(text('a '));
  });
});

describe('syntax errors', () => {
  const cases: [source: string, position: number, expected: RegExp][] = [
    ['', 0, /expected a filter/],
    ['   ', 3, /expected a filter/],
    ['well-known', 4, /expected an operator.*escaped/],
    ['a~b', 1, /expected an operator/],
    ['--a', 1, /expected a filter or "\(" after "-"/],
    ['- a', 1, /after "-"/],
    ['a |', 3, /expected a filter/],
    ['a | ', 4, /expected a filter/],
    ['a & | b', 4, /expected a filter/],
    ['from:', 5, /expected a value after "from:"/],
    ['from: x', 5, /expected a value after "from:"/],
    ['mentions:(x)', 9, /expected a value after "mentions:"/],
    ['has:sticker', 4, /expected one of link, embed, file, video, image, sound, pin, invite after "has:"/],
    ['has:', 4, /after "has:"/],
    ['has:"link"', 4, /after "has:"/],
    ['has:imagex', 9, /expected an operator/],
    ['"abc', 4, /expected " to close the quote at position 0/],
    ['x \'abc"', 7, /expected ' to close the quote at position 2/],
    ['abc\\', 4, /a character after "\\"/],
    ['(a b', 4, /"\)" to close the "\(" at position 0/],
    ['()', 1, /expected a filter/],
    ['a)', 1, /no "\(" is open/],
    ['a(b)', 1, /expected an operator/],
    ['"a""b"', 3, /expected an operator/],
  ];

  it.each(cases)('%j fails at position %i', (source, position, expected) => {
    const error = syntaxError(source);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(expected);
    expect(error.message).toContain(`position ${position}`);
    expect(error.source).toBe(source);
  });

  it('names what it found there', () => {
    expect(syntaxError('well-known').message).toContain('found "-"');
    expect(syntaxError('from:').message).toContain('found the end of the filter');
  });
});
