import { fileURLToPath } from 'node:url';
import { ENVELOPE_VERSION, type Envelope } from '@platform/contracts';
import { createPool, migrate } from '@platform/db';
import { createTestSchema, type TestSchema, testEndpoints } from '@platform/testkit';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { eventRows } from '../src/ingest/event-rows.js';
import { StatsWriter } from '../src/storage/stats-writer.js';

/** A migrated schema of its own, a pool confined to it, and a clean-up. */
export interface TestStore {
  schema: TestSchema;
  pool: pg.Pool;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export async function createTestStore(label: string): Promise<TestStore> {
  const schema = await createTestSchema(label);
  await migrate({ databaseUrl: testEndpoints.databaseUrl, schema: schema.name, dir: MIGRATIONS });
  const pool = createPool({
    connectionString: testEndpoints.databaseUrl,
    schema: schema.name,
    registry: new Registry(),
  });
  return {
    schema,
    pool,
    async close() {
      await pool.end();
      await schema.drop();
    },
  };
}

const DISCORD_EPOCH_MS = 1_420_070_400_000;
let increment = 0;

/** A fresh snowflake of the given time. */
export function snowflakeAt(ms: number): string {
  increment = (increment + 1) % 4096;
  return ((BigInt(ms - DISCORD_EPOCH_MS) << 22n) + BigInt(increment)).toString();
}

let seq = 0;

/** An envelope as gateway-ingest builds it, received at `receivedAt`. */
export function envelope(t: string, d: object, receivedAt: number): Envelope {
  seq += 1;
  return { v: ENVELOPE_VERSION, id: `${t}:test:${seq}`, t, shard: 0, seq, guildId: null, receivedAt, d };
}

export const GUILD = '100000000000000001';

export function messageCreate(id: string, authorId: string, channelId: string, extra: object = {}): object {
  return {
    id,
    channel_id: channelId,
    guild_id: GUILD,
    author: { id: authorId, username: `user${authorId}` },
    type: 0,
    content: `text of ${id}`,
    attachments: [],
    embeds: [],
    mentions: [],
    ...extra,
  };
}

export function voiceState(userId: string, channelId: string | null, extra: object = {}): object {
  return {
    guild_id: GUILD,
    channel_id: channelId,
    user_id: userId,
    session_id: `s${userId}`,
    self_mute: false,
    self_deaf: false,
    mute: false,
    deaf: false,
    self_stream: false,
    self_video: false,
    ...extra,
  };
}

/** Maps envelopes and writes them as one batch. */
export function writeBatch(writer: StatsWriter, envelopes: Envelope[]) {
  return writer.write(envelopes.map((e) => eventRows(e)));
}

/** Rows of `table` (a raw table or rollup) that name `userId` in `column`. */
export async function countRows(pool: pg.Pool, table: string, column: string, userId: string): Promise<number> {
  const result = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
    userId,
  ]);
  return result.rows[0]?.n ?? 0;
}

export { StatsWriter };
