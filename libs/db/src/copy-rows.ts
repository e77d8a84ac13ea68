import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { encodeCopyRow } from './copy-text-format.js';
import { quoteIdentifier, quoteTableName } from './identifier.js';

export type CopyRowSource = Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>;

export interface CopyRowsOptions {
  /** `table` (resolved through the search_path) or `schema.table`. */
  table: string;
  columns: readonly string[];
  /** Values in the order of `columns`; read only as fast as Postgres takes them. */
  rows: CopyRowSource;
}

// Large enough to amortise per-chunk costs, small enough to keep memory flat.
const CHUNK_CHARS = 64 * 1024;

/** Bulk-inserts rows with COPY FROM STDIN and returns how many were written; all or none of them are. */
export async function copyRows(client: pg.ClientBase, options: CopyRowsOptions): Promise<number> {
  const sql = `COPY ${quoteTableName(options.table)} (${columnList(options.columns)}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(encodeChunks(options.rows, options.columns)), stream);
  return stream.rowCount;
}

/** Validates and quotes a non-empty column list. */
export function columnList(columns: readonly string[]): string {
  if (columns.length === 0) throw new TypeError('at least one column is needed');
  return columns.map((column) => quoteIdentifier(column, 'column name')).join(', ');
}

async function* encodeChunks(rows: CopyRowSource, columns: readonly string[]): AsyncGenerator<string> {
  let chunk = '';
  let rowIndex = 0;
  for await (const row of rows) {
    chunk += encodeCopyRow(row, columns, rowIndex);
    rowIndex += 1;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
