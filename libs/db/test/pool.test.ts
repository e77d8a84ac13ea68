import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import type pg from 'pg';
import { type Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, InvalidIdentifierError } from '../src/index.js';

const connectionString = testEndpoints.databaseUrl;

describe('createPool', () => {
  const schemas: TestSchema[] = [];
  const pools: pg.Pool[] = [];
  const poolIn = async (registry = new Registry()) => {
    const schema = await createTestSchema('db_pool');
    schemas.push(schema);
    const pool = createPool({ connectionString, schema: schema.name, max: 3, registry });
    pools.push(pool);
    return { schema, pool, registry };
  };

  afterEach(async () => {
    await Promise.all(pools.splice(0).flatMap((pool) => (pool.ending ? [] : [pool.end()])));
    await Promise.all(schemas.splice(0).map((schema) => schema.drop()));
  });

  it('confines each pool to its schema: the same table name holds different rows', async () => {
    const a = await poolIn();
    const b = await poolIn();
    for (const { pool } of [a, b]) await pool.query('CREATE TABLE items (name text)');
    await a.pool.query("INSERT INTO items VALUES ('from a')");
    await b.pool.query("INSERT INTO items VALUES ('from b'), ('also from b')");

    expect((await a.pool.query('SELECT name FROM items')).rows).toEqual([{ name: 'from a' }]);
    expect((await b.pool.query('SELECT name FROM items ORDER BY name')).rows).toEqual([
      { name: 'also from b' },
      { name: 'from b' },
    ]);
    expect((await a.pool.query('SHOW search_path')).rows[0].search_path).toBe(a.schema.name);
  });

  it('searches only its own schema, not public', async () => {
    const { schema, pool } = await poolIn();
    expect((await pool.query('SELECT array_to_json(current_schemas(false)) AS schemas')).rows[0].schemas).toEqual([
      schema.name,
    ]);
  });

  it('times queries of the pool and of checked-out clients, by outcome', async () => {
    const { schema, pool, registry } = await poolIn();
    await pool.query('SELECT 1');
    await pool.query('SELECT $1::int', [2]);
    const client = await pool.connect();
    await client.query('SELECT 3');
    client.release();
    await expect(pool.query('SELECT * FROM missing_table')).rejects.toThrow();

    const histogram = await (registry.getSingleMetric('db_query_duration_seconds') as Histogram | undefined)?.get();
    const count = (outcome: string) =>
      histogram?.values.find(
        (v) =>
          v.metricName === 'db_query_duration_seconds_count' &&
          v.labels.schema === schema.name &&
          v.labels.outcome === outcome,
      )?.value;
    expect(count('ok')).toBe(3);
    expect(count('error')).toBe(1);
  });

  it('reports open, idle and waiting connections per schema', async () => {
    const { schema, pool, registry } = await poolIn();
    const held = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    const waiting = pool.connect();
    const gauge = async (name: string) =>
      (await registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.schema === schema.name)?.value;

    expect(await gauge('db_pool_connections')).toBe(3);
    expect(await gauge('db_pool_idle_connections')).toBe(0);
    expect(await gauge('db_pool_waiting_requests')).toBe(1);

    for (const client of held) client.release();
    (await waiting).release();
    expect(await gauge('db_pool_idle_connections')).toBe(3);
    expect(await gauge('db_pool_waiting_requests')).toBe(0);

    await pool.end();
    expect(await gauge('db_pool_connections')).toBeUndefined();
  });

  it('lets many pools share one registry', async () => {
    const registry = new Registry();
    await poolIn(registry);
    await expect(poolIn(registry)).resolves.toBeDefined();
  });

  it('rejects a schema name that is not a safe identifier', () => {
    for (const bad of ['Stats', 'stats -c foo=bar', 'stats,public', '9lives', '']) {
      expect(() => createPool({ connectionString, schema: bad })).toThrow(InvalidIdentifierError);
    }
    expect(() => createPool({ connectionString, schema: 'stats,public' })).toThrow(
      /"stats,public" is not a valid schema name/,
    );
  });
});
