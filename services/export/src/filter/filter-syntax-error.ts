/** A filter that does not parse: where (0-based index into the filter) and what was expected there. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly position: number,
    readonly expected: string,
    hint?: string,
  ) {
    const found = position >= source.length ? 'the end of the filter' : JSON.stringify(source.charAt(position));
    super(
      `Invalid filter at position ${position}: expected ${expected}, found ${found}${hint === undefined ? '' : ` (${hint})`}`,
    );
    this.name = 'FilterSyntaxError';
  }
}
