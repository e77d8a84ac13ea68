import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { type CopyRowsOptions, columnList, copyRows } from './copy-rows.js';
import { quoteIdentifier, quoteTableName } from './identifier.js';

export interface CopyUpsertOptions extends CopyRowsOptions {
  /** The columns of a unique index or primary key of `table`; each must be one of `columns`. */
  conflictColumns: readonly string[];
  /**
   * What to do with a row whose key exists: keep the existing row (`'nothing'`), or set columns to SQL expressions
   * in which `excluded.<column>` is the new value and `<table>.<column>` the existing one,
   * e.g. `{ messages: 'daily_counts.messages + excluded.messages' }`. The expressions are SQL: never user input.
   */
  update: 'nothing' | Readonly<Record<string, string>>;
}

export interface CopyUpsertResult {
  /** Rows copied into the staging table. */
  staged: number;
  /** Rows inserted or updated in the target (rows skipped by `'nothing'` are not counted). */
  written: number;
}

/** Thrown when the rows of one copyUpsert repeat a key, which Postgres cannot update twice in one statement. */
export class DuplicateConflictKeyError extends Error {
  constructor(
    readonly table: string,
    readonly conflictColumns: readonly string[],
    cause: unknown,
  ) {
    super(
      `rows for ${table} contain the same (${conflictColumns.join(', ')}) more than once; combine them before the upsert`,
      { cause },
    );
    this.name = 'DuplicateConflictKeyError';
  }
}

/**
 * Bulk upsert: COPY the rows into a temporary table shaped like the target's columns, then
 * `INSERT ... SELECT ... ON CONFLICT`, so a batch arriving twice gives the same table (with `'nothing'`
 * or a replacing update) and an additive update counts each batch once per call.
 */
export async function copyUpsert(client: pg.ClientBase, options: CopyUpsertOptions): Promise<CopyUpsertResult> {
  const table = quoteTableName(options.table);
  const columns = columnList(options.columns);
  const conflict = conflictTarget(options.conflictColumns, options.columns);
  const action = conflictAction(options.update);
  const staging = `copy_upsert_${randomBytes(6).toString('hex')}`;

  await client.query(`CREATE TEMP TABLE "${staging}" AS SELECT ${columns} FROM ${table} WITH NO DATA`);
  let succeeded = false;
  try {
    const staged = await copyRows(client, { table: staging, columns: options.columns, rows: options.rows });
    const inserted = await client.query(
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM "${staging}" ON CONFLICT (${conflict}) ${action}`,
    );
    succeeded = true;
    return { staged, written: inserted.rowCount ?? 0 };
  } catch (error) {
    // 21000: ON CONFLICT DO UPDATE would touch one row twice.
    if ((error as { code?: unknown }).code === '21000') {
      throw new DuplicateConflictKeyError(options.table, options.conflictColumns, error);
    }
    throw error;
  } finally {
    // In an aborted transaction the DROP fails too; the rollback removes the table anyway.
    await client.query(`DROP TABLE IF EXISTS "${staging}"`).catch((dropError: unknown) => {
      if (succeeded) throw dropError;
    });
  }
}

function conflictTarget(conflictColumns: readonly string[], columns: readonly string[]): string {
  const outside = conflictColumns.filter((column) => !columns.includes(column));
  if (outside.length > 0) {
    throw new TypeError(
      `conflict columns ${outside.join(', ')} are not among the copied columns ${columns.join(', ')}`,
    );
  }
  return columnList(conflictColumns);
}

function conflictAction(update: CopyUpsertOptions['update']): string {
  if (update === 'nothing') return 'DO NOTHING';
  const assignments = Object.entries(update).map(
    ([column, expression]) => `${quoteIdentifier(column, 'column name')} = ${expression}`,
  );
  if (assignments.length === 0) throw new TypeError("update needs at least one column, or 'nothing'");
  return `DO UPDATE SET ${assignments.join(', ')}`;
}
