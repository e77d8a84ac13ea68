import { describe, expect, it } from 'vitest';
import { QUICK_REST_PROXY_BENCH_OPTIONS, runRestProxyBenchmark, SUBJECTS } from '../src/benchmarks/rest-proxy.js';

describe('rest-proxy benchmark', () => {
  it('compares the proxies from separate processes, in quick mode', { timeout: 90_000 }, async () => {
    const result = await runRestProxyBenchmark(QUICK_REST_PROXY_BENCH_OPTIONS);

    expect(result.latency.map((run) => run.subject)).toEqual(SUBJECTS);
    for (const run of result.latency) {
      expect(run.completed).toBe(run.sent);
      expect(run.sent).toBeGreaterThan(0);
      expect(run.failures).toBe(0);
      expect(Object.keys(run.statuses)).toEqual(['200']);
      expect(run.p99).toBeGreaterThanOrEqual(run.p50);
    }
    expect(result.latency[0]).toMatchObject({ addedP50: 0, addedP99: 0 });

    expect(result.throughput.map((run) => run.subject)).toEqual(SUBJECTS);
    for (const run of result.throughput) {
      expect(run.requests).toBeGreaterThan(0);
      expect(run.failures).toBe(0);
      expect(run.perSecond).toBeGreaterThan(0);
    }

    expect(result.overload.map((run) => [run.subject, run.instances])).toEqual([
      ['direct', 1],
      ['ours', 3],
      ['discordjs-container', 3],
      ['discordjs-queueing', 3],
    ]);
    for (const run of result.overload) {
      expect(run.sent).toBeGreaterThan(0);
      expect(run.ok + run.rateLimited + run.otherFailures).toBe(run.sent);
      expect(run.maxInOneSecond).toBeGreaterThan(0);
      expect(run.globalLimit).toBe(QUICK_REST_PROXY_BENCH_OPTIONS.globalLimit);
    }
    // The simulator answers 429 to a bot sending three times its limit with nothing in between.
    expect(result.overload[0]?.rateLimited).toBeGreaterThan(0);
    expect(result.target).toMatchObject({ addedP50BelowMs: 1, rateLimitedToCallers: 0 });
    expect(typeof result.target.pass).toBe('boolean');
  });
});
