import { compileFilter } from './evaluate-filter.js';
import { type FilterNode, HAS_KINDS } from './filter-ast.js';
import { FilterSyntaxError } from './filter-syntax-error.js';
import { keywordAt, readText, skipSpaces, skipWhitespace } from './filter-tokenizer.js';
import type { MessageFilter } from './message-filter.js';

export { FilterSyntaxError } from './filter-syntax-error.js';

const VALUE_KEYWORDS = [
  ['from:', 'from'],
  ['mentions:', 'mentions'],
  ['reaction:', 'reaction'],
] as const;

const OPERATOR = 'an operator (a space, "|" or "&")';
const OPERAND = 'a filter (text, "from:", "mentions:", "reaction:", "has:", "(" or a negation)';

/**
 * Recursive descent over DCE's grammar (FilterGrammar.cs):
 *
 *     filter   := ws* chain ws* end
 *     chain    := operand ((ws* ('|' | '&') ws* | ' '+) operand)*     one left-associative level
 *     operand  := ('-' | '~') (group | primitive) | group | primitive
 *     group    := '(' ws* chain ws* ')'
 *     primitive:= ('from:' | 'mentions:' | 'reaction:') text | 'has:' kind | text
 *
 * Keywords are case-insensitive and only count when written as such (`fromage` is text, `fr\om:x`
 * the text "from:x"); once `has:` is read, an unknown kind is an error, not text. The one leniency:
 * DCE fails on spaces at the end or before `)` (its implicit and then finds no operand); those are
 * accepted here, since no filter DCE accepts reads differently because of it.
 */
class FilterParser {
  #position = 0;

  constructor(private readonly source: string) {}

  parse(): FilterNode {
    this.#position = skipWhitespace(this.source, 0);
    const node = this.#chain();
    this.#position = skipWhitespace(this.source, this.#position);
    if (this.#position < this.source.length) {
      const char = this.source.charAt(this.#position);
      const hint =
        char === ')'
          ? 'no "(" is open'
          : char === '-' || char === '~'
            ? `a "${char}" inside a word must be escaped (\\${char}) or the word quoted`
            : undefined;
      throw new FilterSyntaxError(this.source, this.#position, `${OPERATOR} or the end of the filter`, hint);
    }
    return node;
  }

  #chain(): FilterNode {
    let left = this.#operand();
    for (;;) {
      const operatorAt = skipWhitespace(this.source, this.#position);
      const operator = this.source.charAt(operatorAt);
      if (operator === '|' || operator === '&') {
        this.#position = skipWhitespace(this.source, operatorAt + 1);
        left = { kind: operator === '|' ? 'or' : 'and', left, right: this.#operand() };
        continue;
      }
      const afterSpaces = skipSpaces(this.source, this.#position);
      if (afterSpaces === this.#position) return left;
      this.#position = afterSpaces;
      if (afterSpaces === this.source.length || this.source.charAt(afterSpaces) === ')') return left;
      left = { kind: 'and', left, right: this.#operand() };
    }
  }

  #operand(): FilterNode {
    const char = this.source.charAt(this.#position);
    if (char === '-' || char === '~') {
      this.#position++;
      const operand =
        this.source.charAt(this.#position) === '(' ? this.#group() : this.#primitive(`a filter or "(" after "${char}"`);
      return { kind: 'not', operand };
    }
    return char === '(' ? this.#group() : this.#primitive(OPERAND);
  }

  #group(): FilterNode {
    const open = this.#position;
    this.#position = skipWhitespace(this.source, open + 1);
    const inner = this.#chain();
    this.#position = skipWhitespace(this.source, this.#position);
    if (this.source.charAt(this.#position) !== ')') {
      throw new FilterSyntaxError(
        this.source,
        this.#position,
        `${OPERATOR} or ")" to close the "(" at position ${open}`,
      );
    }
    this.#position++;
    return inner;
  }

  #primitive(expected: string): FilterNode {
    for (const [keyword, kind] of VALUE_KEYWORDS) {
      if (keywordAt(this.source, this.#position, keyword)) {
        return { kind, value: this.#text(this.#position + keyword.length, `a value after "${keyword}"`) };
      }
    }
    if (keywordAt(this.source, this.#position, 'has:')) {
      const at = this.#position + 'has:'.length;
      const what = HAS_KINDS.find((kind) => keywordAt(this.source, at, kind));
      if (what === undefined)
        throw new FilterSyntaxError(this.source, at, `one of ${HAS_KINDS.join(', ')} after "has:"`);
      this.#position = at + what.length;
      return { kind: 'has', what };
    }
    return { kind: 'contains', text: this.#text(this.#position, expected) };
  }

  #text(at: number, expected: string): string {
    const token = readText(this.source, at);
    if (token === undefined) throw new FilterSyntaxError(this.source, at, expected);
    this.#position = token.end;
    return token.value;
  }
}

/** The syntax tree of a filter in DCE's language; throws {@link FilterSyntaxError}. */
export function parseFilterSyntax(source: string): FilterNode {
  return new FilterParser(source).parse();
}

/** A filter in DCE's language (`--filter`), ready to test messages; throws {@link FilterSyntaxError}. */
export function parseFilter(source: string): MessageFilter {
  return compileFilter(parseFilterSyntax(source));
}
