import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PoisonItemError, WriteBatcher } from '../src/ingest/write-batcher.js';

class BadItem extends Error {}

function batcher(maxSize: number, maxWaitMs: number, fail?: (items: number[]) => Error | null) {
  const batches: number[][] = [];
  const b = new WriteBatcher<number, string>({
    maxSize,
    maxWaitMs,
    isPoison: (error) => error instanceof BadItem,
    write: async (items) => {
      const error = fail?.(items);
      if (error) throw error;
      batches.push(items);
      return items.map((i) => `ok ${i}`);
    },
  });
  return { b, batches };
}

describe('WriteBatcher', () => {
  it('writes a full batch at once and gives each item its own result', async () => {
    const { b, batches } = batcher(3, 60_000);
    const results = await Promise.all([1, 2, 3].map((i) => b.add(i)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('writes a partial batch once its oldest item has waited', async () => {
    const { b, batches } = batcher(100, 30);
    const pending = [b.add(1), b.add(2)];
    await sleep(5);
    expect(batches).toEqual([]);
    await Promise.all(pending);
    expect(batches).toEqual([[1, 2]]);
  });

  it('writes one batch at a time, the next from what came meanwhile', async () => {
    let inFlight = 0;
    let most = 0;
    const b = new WriteBatcher<number, number>({
      maxSize: 2,
      maxWaitMs: 5,
      isPoison: () => false,
      write: async (items) => {
        most = Math.max(most, ++inFlight);
        await sleep(10);
        inFlight--;
        return items;
      },
    });
    await Promise.all([1, 2, 3, 4, 5].map((i) => b.add(i)));
    expect(most).toBe(1);
  });

  it('isolates the item a batch fails on and writes the others', async () => {
    const { b, batches } = batcher(4, 60_000, (items) => (items.includes(3) ? new BadItem('bad 3') : null));
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => b.add(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const failure = results[2] as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(PoisonItemError);
    expect(failure.reason.message).toBe('bad 3');
    expect(batches.flat().sort()).toEqual([1, 2, 4]);
  });

  it('rejects the whole batch for a failure that is not the data', async () => {
    const { b } = batcher(2, 60_000, () => new Error('connection lost'));
    const results = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual([
      'connection lost',
      'connection lost',
    ]);
  });

  it('writes what waits when closed', async () => {
    const { b, batches } = batcher(100, 60_000);
    const pending = b.add(7);
    await b.close();
    await expect(pending).resolves.toBe('ok 7');
    expect(batches).toEqual([[7]]);
  });
});
