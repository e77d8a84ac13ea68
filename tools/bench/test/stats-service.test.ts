import { describe, expect, it } from 'vitest';
import { runStatsBenchmark } from '../src/benchmarks/stats.js';

describe('stats benchmark', () => {
  it('ingests what it published into the rollups and times every query', { timeout: 120_000 }, async () => {
    const result = await runStatsBenchmark({
      events: 2_000,
      queryEvents: 2_000,
      queryDays: 10,
      batchSize: 500,
      samples: 5,
      warmup: 1,
      users: 2,
      stallTimeoutMs: 10_000,
    });

    // Every published envelope, the GUILD_CREATE included, was handled.
    expect(result.ingest.committed).toBe(result.ingest.published);
    expect(result.check.published.messages).toBeGreaterThan(1_000);
    expect(result.check.published.reactions).toBeGreaterThan(300);
    expect(result.check.rollups).toEqual({
      messages: result.check.published.messages,
      reactions: result.check.published.reactions,
    });
    expect(result.ingest.eventsPerSecond).toBeGreaterThan(0);
    expect(result.ceiling.consumeAckEventsPerSecond).toBeGreaterThan(0);
    expect(result.ceiling.copyEventsPerSecond).toBeGreaterThan(0);
    expect(result.shareOfCeiling).toBeGreaterThan(0);

    const names = ['user stats', 'server stats', 'leaderboard messages', 'leaderboard voice', 'leaderboard reactions'];
    for (const timings of [result.queries.uncached, result.queries.cached]) {
      expect(timings).toHaveLength(16);
      for (const name of names)
        expect(timings.filter((t) => t.query === name).map((t) => t.window)).toEqual(['30d', 'all']);
      for (const t of timings) {
        expect(t.samples).toBe(5);
        expect(t.p95Ms).toBeGreaterThanOrEqual(t.p50Ms);
      }
    }
    expect(result.storage.rawBytes).toBeGreaterThan(0);
    expect(result.storage.rollupBytes).toBeGreaterThan(0);
    expect(result.storage.rawBytesPer100k).toBeCloseTo((result.storage.rawBytes * 100_000) / result.storage.events);
    expect(typeof result.target.ingestPass).toBe('boolean');
  });
});
