import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';
import { assertIdentifier } from './identifier.js';

export interface MigrateOptions {
  databaseUrl: string;
  /** The service's schema: created when missing, and home of both the tables and the `pgmigrations` record. */
  schema: string;
  /** Directory of migration files, applied in name order: `.sql` (whole file is the up step) or `.js`/`.ts` exporting `up`. */
  dir: string;
  logger?: Logger;
}

/** Thrown when migrations cannot be loaded or one of them fails; nothing of the failed run stays applied. */
export class MigrationError extends Error {
  constructor(
    readonly schema: string,
    readonly dir: string,
    cause: unknown,
  ) {
    super(
      `migrating schema "${schema}" from ${dir} failed, nothing of this run was applied: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

/**
 * Applies the pending migrations of one service schema and returns their names (empty when up to date).
 * Replicas starting together wait on a per-schema advisory lock, so each migration runs exactly once;
 * all pending migrations run in one transaction, so a failure leaves none of them applied.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const schema = assertIdentifier(options.schema, 'schema name');
  const dir = resolve(options.dir);
  const logger = options.logger;
  try {
    const applied = await runner({
      databaseUrl: options.databaseUrl,
      dir,
      schema,
      createSchema: true,
      migrationsSchema: schema,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      singleTransaction: true,
      checkOrder: true,
      // The default mode fails the second replica; waiting lets it find the work done.
      advisoryLockMode: 'wait',
      lockValue: migrationLockId(schema),
      logger: {
        info: (message) => logger?.debug({ schema }, message),
        warn: (message) => logger?.warn({ schema }, message),
        error: (message) => logger?.error({ schema }, message),
      },
    });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) logger?.info({ schema, migrations: names }, 'applied migrations');
    return names;
  } catch (error) {
    throw new MigrationError(schema, dir, error);
  }
}

/** An advisory lock id of the schema's own, so services migrating side by side do not wait on each other. */
function migrationLockId(schema: string): number {
  // 48 bits: safely an integer in JavaScript and in the bigint the lock takes.
  return createHash('sha256').update(`platform-migrate:${schema}`).digest().readUIntBE(0, 6);
}
