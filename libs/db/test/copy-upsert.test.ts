import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CopyUpsertOptions,
  copyUpsert,
  createPool,
  DuplicateConflictKeyError,
  InvalidIdentifierError,
  withTransaction,
} from '../src/index.js';

describe('copyUpsert', () => {
  let schema: TestSchema;
  let pool: pg.Pool;

  beforeAll(async () => {
    schema = await createTestSchema('db_upsert');
    pool = createPool({ connectionString: testEndpoints.databaseUrl, schema: schema.name, registry: new Registry() });
    await pool.query(`CREATE TABLE daily_counts (
      guild_id text NOT NULL, day date NOT NULL, messages int NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (guild_id, day)
    )`);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE daily_counts');
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  /** 1,000 distinct (guild, day) keys: 10 guilds over 100 days, with counts 1..1000. */
  const batch = () =>
    Array.from({ length: 1000 }, (_, i) => [
      `guild${i % 10}`,
      new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 10))).toISOString().slice(0, 10),
      i + 1,
    ]);

  const upsert = (update: CopyUpsertOptions['update'], rows: unknown[][] = batch()) =>
    withTransaction(pool, (client) =>
      copyUpsert(client, {
        table: 'daily_counts',
        columns: ['guild_id', 'day', 'messages'],
        conflictColumns: ['guild_id', 'day'],
        update,
        rows,
      }),
    );
  const table = async () =>
    (await pool.query("SELECT guild_id, to_char(day, 'YYYY-MM-DD') AS day, messages FROM daily_counts ORDER BY 1, 2"))
      .rows;
  const total = async () => (await pool.query('SELECT sum(messages)::int AS n FROM daily_counts')).rows[0].n;

  it('leaves the table unchanged when the same batch arrives twice with update nothing', async () => {
    const rows = batch();
    expect(await upsert('nothing', rows)).toEqual({ staged: rows.length, written: rows.length });
    const once = await table();
    expect(await upsert('nothing', rows)).toEqual({ staged: rows.length, written: 0 });
    expect(await table()).toEqual(once);
  });

  it('leaves the table unchanged when the same batch arrives twice with a replacing update', async () => {
    await upsert({ messages: 'excluded.messages' });
    const once = await table();
    await upsert({ messages: 'excluded.messages', updated_at: 'now()' });
    expect(await table()).toEqual(once);
  });

  it('sums counts when the update adds the new value to the existing one', async () => {
    const rows = batch();
    const expected = rows.reduce((sum, row) => sum + Number(row[2]), 0);
    await upsert({ messages: 'daily_counts.messages + excluded.messages' }, rows);
    expect(await total()).toBe(expected);
    expect(await upsert({ messages: 'daily_counts.messages + excluded.messages' }, rows)).toEqual({
      staged: rows.length,
      written: rows.length,
    });
    expect(await total()).toBe(2 * expected);
  });

  it('explains a batch that repeats a key, and changes nothing', async () => {
    await upsert('nothing', [['g', '2024-01-01', 1]]);
    const client = await pool.connect();
    try {
      const repeated = [
        ['g', '2024-01-01', 1],
        ['g', '2024-01-01', 2],
      ];
      await expect(
        copyUpsert(client, {
          table: 'daily_counts',
          columns: ['guild_id', 'day', 'messages'],
          conflictColumns: ['guild_id', 'day'],
          update: { messages: 'excluded.messages' },
          rows: repeated,
        }),
      ).rejects.toThrow(DuplicateConflictKeyError);
      const leftovers = await client.query(
        "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relname LIKE 'copy_upsert_%'",
      );
      expect(leftovers.rows[0].n).toBe(0);
    } finally {
      client.release();
    }
    expect(await table()).toEqual([{ guild_id: 'g', day: '2024-01-01', messages: 1 }]);
  });

  it('rejects unsafe names, conflict columns outside the copied ones, and an empty update', async () => {
    const client = await pool.connect();
    const base = {
      table: 'daily_counts',
      columns: ['guild_id', 'day', 'messages'],
      conflictColumns: ['guild_id', 'day'],
      update: 'nothing' as const,
      rows: [],
    };
    try {
      await expect(copyUpsert(client, { ...base, table: 'daily_counts;--' })).rejects.toThrow(InvalidIdentifierError);
      await expect(copyUpsert(client, { ...base, update: { 'messages = 0; --': '1' } })).rejects.toThrow(
        InvalidIdentifierError,
      );
      await expect(copyUpsert(client, { ...base, conflictColumns: ['guild_id', 'hour'] })).rejects.toThrow(
        /conflict columns hour are not among the copied columns/,
      );
      await expect(copyUpsert(client, { ...base, update: {} })).rejects.toThrow(/at least one column/);
    } finally {
      client.release();
    }
  });
});
