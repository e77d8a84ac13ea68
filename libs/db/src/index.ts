export { type CopyRowSource, type CopyRowsOptions, copyRows } from './copy-rows.js';
export { CopyEncodingError, encodeCopyRow, encodeCopyValue } from './copy-text-format.js';
export {
  type CopyUpsertOptions,
  type CopyUpsertResult,
  copyUpsert,
  DuplicateConflictKeyError,
} from './copy-upsert.js';
export { type CreatePoolOptions, createPool } from './create-pool.js';
export { assertIdentifier, InvalidIdentifierError, quoteIdentifier, quoteTableName } from './identifier.js';
export { type MigrateOptions, MigrationError, migrate } from './migrate.js';
export {
  type IsolationLevel,
  isRetryableTransactionError,
  type TransactionOptions,
  withTransaction,
} from './transaction.js';
