/**
 * Encoding of rows in the text format of Postgres COPY: one line per row, tab between columns,
 * `\N` for null, and backslash escapes for the characters that would otherwise end a field or a row.
 */

/** Thrown when a value has no COPY text representation, or a row has the wrong number of values. */
export class CopyEncodingError extends Error {
  constructor(
    message: string,
    readonly rowIndex: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'CopyEncodingError';
  }
}

const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(text: string): string {
  return text.replace(SPECIAL, (char) => ESCAPES[char] ?? char);
}

/**
 * One value as a COPY field: null and undefined become `\N`, a Date its ISO time, a Buffer bytea hex,
 * arrays and other objects JSON (for json/jsonb columns), everything else its string form.
 */
export function encodeCopyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'object':
      if (value instanceof Date) return value.toISOString();
      if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
      return escapeText(JSON.stringify(value));
    default:
      throw new TypeError(`a ${typeof value} cannot be written with COPY`);
  }
}

/** One row as a COPY line, newline included. */
export function encodeCopyRow(row: readonly unknown[], columns: readonly string[], rowIndex: number): string {
  if (row.length !== columns.length) {
    throw new CopyEncodingError(
      `row ${rowIndex} has ${row.length} values for ${columns.length} columns (${columns.join(', ')})`,
      rowIndex,
    );
  }
  let line = '';
  for (let i = 0; i < row.length; i += 1) {
    try {
      line += i === 0 ? encodeCopyValue(row[i]) : `\t${encodeCopyValue(row[i])}`;
    } catch (error) {
      const column = columns[i];
      throw new CopyEncodingError(`row ${rowIndex}, column ${column}: ${(error as Error).message}`, rowIndex, column);
    }
  }
  return `${line}\n`;
}
