import type { KV } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../src/session-store.js';
import { logger, waitFor } from './helpers.js';

function fakeKv() {
  const data = new Map<string, string>();
  const ops: string[] = [];
  const kv = {
    async get(key: string) {
      const value = data.get(key);
      return value === undefined ? null : { operation: 'PUT', json: () => JSON.parse(value) };
    },
    async put(key: string, value: string) {
      ops.push(`put ${key}`);
      data.set(key, value);
      return 1;
    },
    async delete(key: string) {
      ops.push(`delete ${key}`);
      data.delete(key);
    },
  };
  return { kv: kv as unknown as KV, data, ops };
}

const session = (sequence: number) => ({ sessionId: 's1', sequence, resumeURL: 'ws://x', shardId: 0, shardCount: 2 });

describe('SessionStore', () => {
  it('stores the last acknowledged sequence, not the last received one', async () => {
    const { kv, data } = fakeKv();
    const store = new SessionStore(kv, logger);
    store.update(0, session(1));
    store.update(0, session(40));
    expect(store.retrieve(0)?.sequence).toBe(40);
    store.commit(0, 's1', 25);
    await waitFor(() => JSON.parse(data.get('shard.0') ?? '{}').sequence === 25, 'the write');
    expect(store.durable(0)?.sequence).toBe(25);
  });

  it('keeps the session through a resumable close and never deletes it after the shard is given up', async () => {
    const { kv, data, ops } = fakeKv();
    const store = new SessionStore(kv, logger);
    store.update(0, session(10));
    store.commit(0, 's1', 10);
    await waitFor(() => data.has('shard.0'), 'the write');
    store.keep(0);
    store.update(0, null);
    expect(store.retrieve(0)?.sessionId).toBe('s1');
    await store.persist(0);
    store.forget(0);
    store.commit(0, 's1', 11);
    await store.persist(0);
    expect(ops).not.toContain('delete shard.0');
    expect(JSON.parse(data.get('shard.0') ?? '{}').sequence).toBe(10);
  });

  it('deletes the stored session when Discord ends it, and loads only sessions of the same shard count', async () => {
    const { kv, data } = fakeKv();
    const store = new SessionStore(kv, logger);
    store.update(0, session(3));
    store.commit(0, 's1', 3);
    await waitFor(() => data.has('shard.0'), 'the write');
    expect(await new SessionStore(kv, logger).load(0, 2)).toEqual(session(3));
    expect(await new SessionStore(kv, logger).load(0, 4)).toBeNull();
    store.update(0, null);
    await waitFor(() => !data.has('shard.0'), 'the delete');
  });
});
