import { describe, expect, it } from 'vitest';
import { type RunResult, runBusBenchmark } from '../src/benchmarks/bus.js';

describe('bus benchmark', () => {
  it('runs a small load through JetStream and core NATS, losing nothing', { timeout: 60_000 }, async () => {
    const events = 2_000;
    const warmupEvents = 500;
    const result = await runBusBenchmark({ events, warmupEvents, rate: 4_000, stallTimeoutMs: 10_000 });

    const runs: RunResult[] = [result.jetstreamMax, result.jetstreamPaced, result.core];
    for (const run of runs) {
      const sent = warmupEvents + events;
      expect(run).toMatchObject({ consumed: sent, lost: 0, publishFailures: 0, published: sent, duplicates: 0 });
      expect(run.latencyMs.count).toBe(events);
      expect(run.latencyMs.p50).toBeGreaterThanOrEqual(0);
      expect(run.latencyMs.p99).toBeGreaterThanOrEqual(run.latencyMs.p50);
      expect(run.eventsPerSecond).toBeGreaterThan(0);
    }
    expect(result.jetstreamMax.unacknowledged).toBe(0);
    expect(result.jetstreamPaced.unacknowledged).toBe(0);
    expect(result.jetstreamPaced.offeredRate).toBe(4_000);
    expect(result.shareOfCeiling).toBeGreaterThan(0);
    expect(typeof result.target.pass).toBe('boolean');
  });
});
