import type { Simulator } from '@platform/discord-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  defaultSettings,
  metricValue,
  type RunningProxy,
  simulator429s,
  startProxy,
  startSim,
  testPrefix,
} from './harness.js';

const GLOBAL = 20;

describe('three replicas sharing one Redis', () => {
  let sim: Simulator;
  let replicas: RunningProxy[] = [];
  const prefix = testPrefix('rest-proxy-replicas');
  let slowBot = '';

  beforeAll(async () => {
    // The strictest reading of the global limit: at most GLOBAL in any trailing second. Route buckets wide
    // open, so only the global limit is measured.
    sim = await startSim({
      globalPerSecond: GLOBAL,
      globalAlgorithm: 'sliding-window',
      overrides: { '*': { limit: 1000, windowMs: 1000 } },
    });
    slowBot = sim.bots[2]?.user.id ?? '';
    const patched = await fetch(`${sim.controlUrl}/limits`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalPerBot: { [slowBot]: 10 } }),
    });
    if (!patched.ok) throw new Error(`PATCH /_sim/limits: ${patched.status} ${await patched.text()}`);
    const settings = {
      ...defaultSettings(sim),
      GLOBAL_LIMIT: GLOBAL,
      BOT_GLOBAL_LIMITS: { [slowBot]: 10 },
      REPLICAS: 3,
      // The simulator counts arrivals, the proxy reservations: on a loaded 2-core CI machine (other packages'
      // suites running beside this one) the gap between them exceeds the default 100 ms margin.
      GLOBAL_WINDOW: 1500,
    };
    replicas = await Promise.all([0, 1, 2].map(() => startProxy(settings, { prefix: prefix.prefix })));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await sim?.close();
    await prefix.clear();
  });

  /** Sends `count` calls of the bot spread over the replicas, all at once. */
  function burst(token: string, count: number) {
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        fetch(`${replicas[i % replicas.length]?.url}/api/v10/users/@me`, { headers: auth(token) }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
  }

  it('never exceed the global limit of a bot together, under three times the allowed load', async () => {
    const bot = sim.bots[0];
    if (!bot) throw new Error('no bot');
    const since = Date.now();
    const statuses = await burst(bot.token, GLOBAL * 3);
    expect(statuses).toEqual(Array(GLOBAL * 3).fill(200));
    expect(simulator429s(sim, since)).toBe(0);
    expect(sim.world.truth.maxRequestsInWindow(bot.user.id, 1000)).toBeLessThanOrEqual(GLOBAL);
    const registry = replicas[0]?.registry;
    if (!registry) throw new Error('no replica');
    expect(
      await metricValue(registry, 'rest_proxy_global_tokens_remaining', { bot: bot.user.id }),
    ).toBeGreaterThanOrEqual(0);
  });

  it('several bots at once: each keeps to its own limit and none waits for another', async () => {
    const [a, b, c] = sim.bots;
    if (!a || !b || !c) throw new Error('multi-bot has three bots');
    const since = Date.now();
    const [sa, sb, sc] = await Promise.all([
      burst(a.token, GLOBAL * 2),
      burst(b.token, GLOBAL * 2),
      burst(c.token, 20),
    ]);
    expect([...sa, ...sb, ...sc].every((status) => status === 200)).toBe(true);
    expect(simulator429s(sim, since)).toBe(0);
    expect(sim.world.truth.maxRequestsInWindow(a.user.id, 1000)).toBeLessThanOrEqual(GLOBAL);
    expect(sim.world.truth.maxRequestsInWindow(b.user.id, 1000)).toBeLessThanOrEqual(GLOBAL);
    expect(sim.world.truth.maxRequestsInWindow(c.user.id, 1000)).toBeLessThanOrEqual(10);
  });
});
