import { isDeepStrictEqual } from 'node:util';
import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CopyEncodingError, copyRows, createPool, InvalidIdentifierError } from '../src/index.js';

const AWKWARD_TEXT = [
  '',
  'plain',
  'tab\there',
  'line\nbreak',
  'windows\r\nline',
  'back\\slash',
  'trailing backslash\\',
  '\\N',
  '\\\\N\t\\',
  'unicode: 日本語 ✓ é 🎉 \u200b',
  '"quotes", \'apostrophes\', commas,;',
  '\\x00ff',
];

interface Awkward {
  id: number;
  body: string | null;
  doc: unknown;
  at: Date;
  flag: boolean | null;
  ratio: number | null;
  raw: Buffer | null;
}

function awkwardRow(id: number): Awkward {
  const text = AWKWARD_TEXT[id % AWKWARD_TEXT.length] ?? '';
  return {
    id,
    body: id % 13 === 0 ? null : `${text}#${id}`,
    doc: id % 7 === 0 ? null : { id, text, nested: [1, 'a\tb\\c\nd', null, { deep: text }] },
    at: new Date(Date.UTC(2024, 0, 1) + id * 1_001),
    flag: id % 3 === 0 ? null : id % 2 === 0,
    ratio: id % 11 === 0 ? null : id / 7,
    raw: id % 5 === 0 ? Buffer.from(text, 'utf8') : null,
  };
}

const COLUMNS = ['id', 'body', 'doc', 'at', 'flag', 'ratio', 'raw'];

describe('copyRows', () => {
  let schema: TestSchema;
  let pool: pg.Pool;

  beforeAll(async () => {
    schema = await createTestSchema('db_copy');
    pool = createPool({ connectionString: testEndpoints.databaseUrl, schema: schema.name, registry: new Registry() });
    await pool.query(`CREATE TABLE awkward (
      id int PRIMARY KEY, body text, doc jsonb, at timestamptz NOT NULL, flag boolean, ratio double precision, raw bytea
    )`);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE awkward');
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  it('writes 100,000 rows of awkward values that read back identical', async () => {
    const total = 100_000;
    async function* rows() {
      for (let id = 0; id < total; id += 1) {
        const row = awkwardRow(id);
        yield [row.id, row.body, row.doc, row.at, row.flag, row.ratio, row.raw];
      }
    }
    const client = await pool.connect();
    try {
      expect(await copyRows(client, { table: 'awkward', columns: COLUMNS, rows: rows() })).toBe(total);
    } finally {
      client.release();
    }

    const { rows: stored } = await pool.query<Awkward>(`SELECT ${COLUMNS.join(', ')} FROM awkward ORDER BY id`);
    expect(stored).toHaveLength(total);
    const firstDifferent = stored.findIndex((row, id) => !isDeepStrictEqual(row, awkwardRow(id)));
    expect(
      firstDifferent === -1 ? null : { stored: stored[firstDifferent], expected: awkwardRow(firstDifferent) },
    ).toBe(null);
  });

  it('accepts a plain array and a schema-qualified table', async () => {
    const client = await pool.connect();
    try {
      const count = await copyRows(client, {
        table: `${schema.name}.awkward`,
        columns: ['id', 'at'],
        rows: [
          [1, new Date()],
          [2, '2024-01-01T00:00:00Z'],
        ],
      });
      expect(count).toBe(2);
    } finally {
      client.release();
    }
  });

  it('writes nothing and leaves the connection usable when a row cannot be encoded', async () => {
    const client = await pool.connect();
    try {
      const rows = [
        [1, new Date()],
        [2, new Date(), 'one value too many'],
      ];
      await expect(copyRows(client, { table: 'awkward', columns: ['id', 'at'], rows })).rejects.toBeInstanceOf(
        CopyEncodingError,
      );
      expect((await client.query('SELECT count(*)::int AS n FROM awkward')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('writes nothing when the row source fails part-way', async () => {
    const client = await pool.connect();
    async function* failing() {
      for (let id = 0; id < 50_000; id += 1) yield [id, new Date()];
      throw new Error('source broke');
    }
    try {
      await expect(copyRows(client, { table: 'awkward', columns: ['id', 'at'], rows: failing() })).rejects.toThrow(
        'source broke',
      );
      expect((await client.query('SELECT count(*)::int AS n FROM awkward')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('rejects unsafe table and column names before sending anything', async () => {
    const client = await pool.connect();
    try {
      for (const [table, columns] of [
        ['awkward; DROP TABLE awkward', ['id']],
        ['a.b.c', ['id']],
        ['awkward', ['id", "body']],
        ['awkward', ['Id']],
      ] as const) {
        await expect(copyRows(client, { table, columns, rows: [] })).rejects.toThrow(InvalidIdentifierError);
      }
      await expect(copyRows(client, { table: 'awkward', columns: [], rows: [] })).rejects.toThrow(
        /at least one column/,
      );
    } finally {
      client.release();
    }
  });
});
