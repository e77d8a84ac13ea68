import { describe, expect, it } from 'vitest';
import { LocalLimiter } from '../src/limiter/local-limiter.js';
import { DEFAULT_TIMING, type ReserveRequest } from '../src/limiter/types.js';
import { BotQueue, Refusal } from '../src/queue.js';

const timing = { ...DEFAULT_TIMING, globalWindowMs: 200, resetMarginMs: 0 };

function request(route: string, globalLimit: number | null = 1): ReserveRequest {
  return { bot: 'b', route, majorParameter: 'global', globalLimit, id: route };
}

describe('BotQueue', () => {
  it('serves interaction callbacks first, then by priority, then in order of arrival', async () => {
    const limiter = new LocalLimiter({ timing });
    const queue = new BotQueue('b', { limiter, maxLength: 100 });
    const order: string[] = [];
    const deadline = Date.now() + 5000;
    const wanted = [
      ['GET /a', 0],
      ['GET /b', 0],
      ['GET /low', -5],
      ['GET /high', 5],
      ['POST /interactions/:id/:token/callback', 1000],
    ] as const;
    // The first takes the only global slot; the rest queue behind it and are served by priority.
    const granted = wanted.map(([route, priority]) =>
      queue.acquire(request(route), priority, deadline).then(async (reservation) => {
        order.push(route);
        await limiter.settle(request(route), reservation.bucket, { status: 200 });
      }),
    );
    await Promise.all(granted);
    expect(order).toEqual(['GET /a', 'POST /interactions/:id/:token/callback', 'GET /high', 'GET /b', 'GET /low']);
  });

  it('exempt requests pass while the global limit holds the others', async () => {
    const limiter = new LocalLimiter({ timing: { ...timing, globalWindowMs: 5000 } });
    const queue = new BotQueue('b', { limiter, maxLength: 100 });
    const deadline = Date.now() + 10_000;
    await queue.acquire(request('GET /first'), 0, deadline);
    const held = queue.acquire(request('GET /second'), 0, deadline);
    const exempt = await queue.acquire(request('POST /interactions/:id/:token/callback', null), 1000, deadline);
    expect(exempt.ok).toBe(true);
    expect(queue.depth).toBe(1);
    queue.close();
    await expect(held).rejects.toBeInstanceOf(Refusal);
  });

  it('refuses at once what its deadline cannot accommodate, and what does not fit', async () => {
    const limiter = new LocalLimiter({ timing: { ...timing, globalWindowMs: 5000 } });
    const queue = new BotQueue('b', { limiter, maxLength: 1 });
    await queue.acquire(request('GET /first'), 0, Date.now() + 10_000);
    await expect(queue.acquire(request('GET /late'), 0, Date.now() + 100)).rejects.toMatchObject({
      reason: 'wait_limit',
    });
    const waiting = queue.acquire(request('GET /waits'), 0, Date.now() + 10_000);
    await expect(queue.acquire(request('GET /full'), 0, Date.now() + 10_000)).rejects.toMatchObject({
      reason: 'queue_full',
    });
    queue.close();
    await expect(waiting).rejects.toMatchObject({ reason: 'shutting_down' });
  });
});
