import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, isRetryableTransactionError, withTransaction } from '../src/index.js';

describe('withTransaction', () => {
  let schema: TestSchema;
  let pool: pg.Pool;

  beforeAll(async () => {
    schema = await createTestSchema('db_tx');
    pool = createPool({
      connectionString: testEndpoints.databaseUrl,
      schema: schema.name,
      max: 4,
      registry: new Registry(),
    });
    await pool.query('CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)');
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE counters');
    await pool.query('INSERT INTO counters VALUES (1, 0)');
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  const value = async () => (await pool.query('SELECT value FROM counters WHERE id = 1')).rows[0].value;
  const allReleased = () => pool.totalCount === pool.idleCount && pool.waitingCount === 0;

  it('commits what the work did and returns its result', async () => {
    const result = await withTransaction(pool, async (client) => {
      await client.query('UPDATE counters SET value = 5 WHERE id = 1');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await value()).toBe(5);
    expect(allReleased()).toBe(true);
  });

  it('rolls back and rethrows the same error when the work throws', async () => {
    const failure = new Error('work failed');
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('UPDATE counters SET value = 5 WHERE id = 1');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await value()).toBe(0);
    expect(allReleased()).toBe(true);
  });

  /** Reads the counter, lets another connection change it on the first attempts, then writes it: a lost update. */
  const conflictingIncrement =
    (conflictingAttempts: number, attempts: { count: number }) => async (client: pg.PoolClient) => {
      attempts.count += 1;
      await client.query('SELECT value FROM counters WHERE id = 1');
      if (attempts.count <= conflictingAttempts) await pool.query('UPDATE counters SET value = value + 1 WHERE id = 1');
      await client.query('UPDATE counters SET value = value + 10 WHERE id = 1');
    };

  it('runs the work again after a serialization failure, up to the retries allowed', async () => {
    const attempts = { count: 0 };
    await withTransaction(pool, conflictingIncrement(1, attempts), { isolation: 'repeatable read', retries: 2 });
    expect(attempts.count).toBe(2);
    expect(await value()).toBe(11);
    expect(allReleased()).toBe(true);
  });

  it('gives up with the serialization failure when the retries are spent', async () => {
    const attempts = { count: 0 };
    const outcome = withTransaction(pool, conflictingIncrement(Number.POSITIVE_INFINITY, attempts), {
      isolation: 'serializable',
      retries: 2,
    });
    await expect(outcome).rejects.toMatchObject({ code: '40001' });
    expect(attempts.count).toBe(3);
    expect(await value()).toBe(3);
  });

  it('does not retry by default, nor errors other than serialization failures and deadlocks', async () => {
    const byDefault = { count: 0 };
    await expect(
      withTransaction(pool, conflictingIncrement(1, byDefault), { isolation: 'repeatable read' }),
    ).rejects.toSatisfy(isRetryableTransactionError);
    expect(byDefault.count).toBe(1);

    let attempts = 0;
    await expect(
      withTransaction(
        pool,
        async (client) => {
          attempts += 1;
          await client.query('INSERT INTO counters VALUES (1, 0)');
        },
        { retries: 3 },
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});
