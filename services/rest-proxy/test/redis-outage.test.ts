import type { Simulator } from '@platform/discord-sim';
import { freePort } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  DisposableRedis,
  defaultSettings,
  metricValue,
  type RunningProxy,
  simulator429s,
  startProxy,
  startSim,
} from './harness.js';

const GLOBAL = 30;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Redis stopped and started under load', () => {
  let sim: Simulator;
  let redis: DisposableRedis;
  let replicas: RunningProxy[] = [];

  beforeAll(async () => {
    sim = await startSim({
      globalPerSecond: GLOBAL,
      globalAlgorithm: 'sliding-window',
      overrides: { '*': { limit: 1000, windowMs: 1000 } },
    });
    redis = await DisposableRedis.create();
    const settings = { ...defaultSettings(sim), GLOBAL_LIMIT: GLOBAL, REPLICAS: 3, REDIS_RECOVERY_GRACE: 1000 };
    replicas = await Promise.all(
      [0, 1, 2].map(() => startProxy(settings, { redisUrl: redis.url, prefix: 'rp-outage' })),
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await sim?.close();
    await redis?.stop();
  });

  it('keeps serving on each replica’s share, says so, and goes back to Redis by itself', async () => {
    const bot = sim.bots[0];
    if (!bot) throw new Error('no bot');
    const since = Date.now();
    const statuses: number[] = [];
    let running = true;
    // Four callers per replica, each sending one request after the other: more than the limit allows.
    const load = Promise.all(
      replicas.flatMap((replica) =>
        [0, 1, 2, 3].map(async () => {
          while (running) {
            const response = await fetch(`${replica.url}/api/v10/users/@me`, { headers: auth(bot.token) });
            await response.arrayBuffer();
            statuses.push(response.status);
          }
        }),
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await redis.stop();
      await until(() => replicas.every((r) => r.limiter.mode === 'fallback'), 10_000, 'fallback');
      const degraded = await fetch(`${replicas[0]?.url}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({
        degraded: true,
        checks: { limits: { ok: true, degraded: expect.stringContaining('limits: fallback') } },
      });
      const registry = replicas[0]?.registry;
      if (!registry) throw new Error('no replica');
      expect(await metricValue(registry, 'rest_proxy_redis_fallback')).toBe(1);
      const servedBefore = statuses.length;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(statuses.length).toBeGreaterThan(servedBefore);

      await redis.start();
      await until(() => replicas.every((r) => r.limiter.mode === 'shared'), 15_000, 'shared again');
      const ready = await fetch(`${replicas[0]?.url}/readyz`);
      expect(await ready.json()).toMatchObject({ degraded: false, checks: { limits: { ok: true } } });
      expect(await metricValue(registry, 'rest_proxy_redis_fallback')).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      running = false;
      await load;
    }
    expect(statuses.length).toBeGreaterThan(GLOBAL * 3);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(simulator429s(sim, since)).toBe(0);
    expect(sim.world.truth.maxRequestsInWindow(bot.user.id, 1000)).toBeLessThanOrEqual(GLOBAL);
  });

  it('serves from the start when Redis is unreachable, on its share', async () => {
    const bot = sim.bots[1];
    if (!bot) throw new Error('no bot');
    const closedPort = await freePort();
    const settings = { ...defaultSettings(sim), GLOBAL_LIMIT: GLOBAL, REPLICAS: 3 };
    const lonely = await startProxy(settings, { redisUrl: `redis://127.0.0.1:${closedPort}`, prefix: 'rp-nowhere' });
    try {
      expect(lonely.limiter.mode).toBe('fallback');
      const ready = await fetch(`${lonely.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        degraded: true,
        checks: { limits: { ok: true, degraded: expect.stringContaining('limits: fallback') } },
      });
      const since = Date.now();
      const statuses = await Promise.all(
        Array.from({ length: 15 }, () =>
          fetch(`${lonely.url}/api/v10/users/@me`, { headers: auth(bot.token) }).then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          }),
        ),
      );
      expect(statuses).toEqual(Array(15).fill(200));
      expect(simulator429s(sim, since)).toBe(0);
      // One replica of three: a third of the global limit.
      expect(sim.world.truth.maxRequestsInWindow(bot.user.id, 1000)).toBeLessThanOrEqual(GLOBAL / 3);
    } finally {
      await lonely.stop();
    }
  });
});
