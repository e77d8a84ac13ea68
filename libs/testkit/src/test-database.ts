import pg from 'pg';
import { testEndpoints } from './endpoints.js';
import { uniqueName } from './unique-name.js';

export interface TestDatabase {
  name: string;
  /** The connection URL of the new database, for processes the test starts. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database owned by one test run: for tests that start whole services, each of which
 * migrates its own schema and so cannot be given a test schema of its own.
 */
export async function createTestDatabase(
  prefix = 'test',
  databaseUrl = testEndpoints.databaseUrl,
): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await onServer(databaseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
