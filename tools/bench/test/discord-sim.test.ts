import { describe, expect, it } from 'vitest';
import { QUICK_DISCORD_SIM_BENCH_OPTIONS, runDiscordSimBenchmark } from '../src/benchmarks/discord-sim.js';

describe('discord-sim benchmark', () => {
  it('measures the gateway and REST from separate processes, in quick mode', { timeout: 60_000 }, async () => {
    const result = await runDiscordSimBenchmark(QUICK_DISCORD_SIM_BENCH_OPTIONS);

    expect(result.gateway.map((run) => [run.producer, run.compression])).toEqual([
      ['fan-out', 'none'],
      ['fan-out', 'zlib-stream'],
      ['world', 'none'],
    ]);
    for (const run of result.gateway) {
      expect(run.count).toBeGreaterThanOrEqual(run.producer === 'world' ? 5_000 : 20_000);
      expect(run.perSecond).toBeGreaterThan(0);
      expect(run.bytesPerDispatch).toBeGreaterThan(0);
    }
    expect(result.rest.map((run) => run.route)).toEqual([
      '/users/@me',
      expect.stringMatching(/^\/channels\/\d+\/messages\?limit=1$/),
    ]);
    for (const run of result.rest) {
      expect(run.requests).toBeGreaterThan(0);
      expect(run.failures).toBe(0);
      expect(Object.keys(run.statuses)).toEqual(['200']);
      expect(run.perSecond).toBeGreaterThan(0);
    }
    expect(result.target).toMatchObject({ dispatchesPerSecond: 50_000, restRequestsPerSecond: 10_000 });
    expect(typeof result.target.pass).toBe('boolean');
  });
});
