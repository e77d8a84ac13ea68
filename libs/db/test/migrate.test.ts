import { fileURLToPath } from 'node:url';
import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidIdentifierError, MigrationError, migrate } from '../src/index.js';

const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/migrations/${name}`, import.meta.url));
const databaseUrl = testEndpoints.databaseUrl;

describe('migrate', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let schema: TestSchema;

  beforeEach(async () => {
    schema = await createTestSchema('db_migrate');
  });
  afterEach(async () => {
    await schema.drop();
  });
  afterAll(async () => {
    await admin.end();
  });

  const tableExists = async (table: string) =>
    (await admin.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`${schema.name}.${table}`])).rows[0].exists;
  const recorded = async () =>
    (await admin.query(`SELECT name FROM "${schema.name}".pgmigrations ORDER BY id`)).rows.map((row) => row.name);

  it('applies pending migrations inside the schema, and nothing when run again', async () => {
    const first = await migrate({ databaseUrl, schema: schema.name, dir: fixtures('basic') });
    expect(first).toEqual(['001_create_daily_counts', '002_add_members']);
    expect(await tableExists('daily_counts')).toBe(true);
    expect(await tableExists('members')).toBe(true);
    expect(await recorded()).toEqual(first);

    expect(await migrate({ databaseUrl, schema: schema.name, dir: fixtures('basic') })).toEqual([]);
    expect(await recorded()).toEqual(first);
  });

  it('creates the schema when it is missing', async () => {
    await schema.drop();
    await migrate({ databaseUrl, schema: schema.name, dir: fixtures('basic') });
    expect(await tableExists('daily_counts')).toBe(true);
  });

  it('applies each migration exactly once when replicas migrate at the same time', async () => {
    await schema.drop();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => migrate({ databaseUrl, schema: schema.name, dir: fixtures('basic') })),
    );
    expect(runs.flat().sort()).toEqual(['001_create_daily_counts', '002_add_members']);
    expect(await recorded()).toEqual(['001_create_daily_counts', '002_add_members']);
  });

  it('leaves nothing applied when a migration fails part-way', async () => {
    const failure = migrate({ databaseUrl, schema: schema.name, dir: fixtures('failing') });
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/table_that_does_not_exist/);
    expect(await tableExists('first_table')).toBe(false);
    expect(await tableExists('second_table')).toBe(false);
    expect(await recorded()).toEqual([]);
  });

  it('runs TypeScript migrations without a build step', async () => {
    expect(await migrate({ databaseUrl, schema: schema.name, dir: fixtures('typescript') })).toEqual([
      '001_create_items',
    ]);
    expect(await tableExists('items')).toBe(true);
  });

  it('names the schema and directory when the directory does not exist', async () => {
    await expect(migrate({ databaseUrl, schema: schema.name, dir: fixtures('missing') })).rejects.toThrow(
      new RegExp(`schema "${schema.name}" from .*missing`),
    );
  });
});

describe('migrate input', () => {
  it('rejects a schema name that is not a safe identifier before touching the database', async () => {
    for (const bad of ['Stats', 'stats; DROP SCHEMA public', '1stats', '', 'a'.repeat(64)]) {
      await expect(migrate({ databaseUrl: 'postgres://nowhere:1/none', schema: bad, dir: '.' })).rejects.toThrow(
        InvalidIdentifierError,
      );
    }
  });
});
