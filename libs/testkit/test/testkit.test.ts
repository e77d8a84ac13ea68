import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createTestRedisPrefix, createTestSchema, startNatsServer, testEndpoints, uniqueName } from '../src/index.js';

describe('testkit', () => {
  it('makes names that differ between calls and are safe identifiers', () => {
    const a = uniqueName('x');
    expect(a).toMatch(/^[a-z0-9_]+$/);
    expect(uniqueName('x')).not.toBe(a);
  });

  it('creates and drops a schema', async () => {
    const schema = await createTestSchema('tk');
    const client = new pg.Client({ connectionString: testEndpoints.databaseUrl });
    await client.connect();
    const exists = async () =>
      (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema.name])).rowCount;
    expect(await exists()).toBe(1);
    await schema.drop();
    expect(await exists()).toBe(0);
    await client.end();
  });

  it('clears only the keys under its prefix', async () => {
    const mine = createTestRedisPrefix('tk');
    const other = createTestRedisPrefix('tk');
    const client = createClient({ url: testEndpoints.redisUrl });
    await client.connect();
    await client.set(`${mine.prefix}a`, '1');
    await client.set(`${other.prefix}a`, '1');
    await mine.clear();
    expect(await client.exists(`${mine.prefix}a`)).toBe(0);
    expect(await client.exists(`${other.prefix}a`)).toBe(1);
    await other.clear();
    client.destroy();
  });

  it('runs a private nats-server that can be stopped and started again', async () => {
    const server = await startNatsServer();
    try {
      const nc = await connect({ servers: server.url });
      await nc.flush();
      await nc.close();
      await server.stop();
      await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
      await server.start();
      const again = await connect({ servers: server.url });
      await again.close();
    } finally {
      await server.dispose();
    }
  });
});
