import pg from 'pg';
import { testEndpoints } from './endpoints.js';
import { uniqueName } from './unique-name.js';

export interface TestSchema {
  name: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates an empty Postgres schema owned by one test run. */
export async function createTestSchema(prefix = 'test', databaseUrl = testEndpoints.databaseUrl): Promise<TestSchema> {
  const name = uniqueName(prefix);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${name}"`);
  } finally {
    await client.end();
  }
  return {
    name,
    async drop() {
      const dropper = new pg.Client({ connectionString: databaseUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
