import { describe, expect, it } from 'vitest';
import { runExportBenchmark } from '../src/benchmarks/export.js';
import { RENDERERS } from '../src/benchmarks/export-render-job.js';

describe('export benchmark', () => {
  it('exports every message in each run, measures the share under limits and renders with both', {
    timeout: 240_000,
  }, async () => {
    const result = await runExportBenchmark({
      messages: 1_000,
      millionMessages: 2_000,
      millionFormats: ['Json', 'HtmlDark'],
      limitedMessages: 300,
      limitedFormat: 'HtmlDark',
      renderMessages: 300,
    });

    expect(result.limitsOff.map((run) => [run.kind, run.format, run.channelMessages])).toEqual([
      ['fetch', null, 1_000],
      ['export', 'Json', 1_000],
      ['export', 'HtmlDark', 1_000],
      ['export', 'Json', 2_000],
      ['export', 'HtmlDark', 2_000],
    ]);
    for (const run of result.limitsOff) {
      expect(run.messages).toBe(run.channelMessages);
      expect(run.messagesPerSecond).toBeGreaterThan(0);
      expect(run.memory.peakRssBytes).toBeGreaterThanOrEqual(run.memory.startRssBytes);
      // At least a page of 100 per 100 messages, by the simulator's record.
      expect(run.requests).toBeGreaterThanOrEqual(run.channelMessages / 100);
      if (run.kind === 'export') expect(run.bytes).toBeGreaterThan(run.messages * 100);
    }

    const { limited } = result;
    expect(limited.messages).toBe(300);
    // The newest message once, then three pages of 100.
    expect(limited.share.list.requests).toBe(4);
    expect(limited.share.list.permittedPerSecond).toBe(10);
    // However members are resolved, the pages are among the buckets and every request is in one.
    expect(limited.share.buckets.map((b) => b.bucket)).toContain('message-list');
    expect(limited.share.allRequests).toBe(limited.share.buckets.reduce((sum, b) => sum + b.requests, 0));
    expect(limited.share.overall.share).toBeGreaterThan(0);
    expect(limited.share.overall.share).toBeLessThanOrEqual(1);

    expect(result.render.map((r) => r.renderer)).toEqual(RENDERERS);
    for (const render of result.render) {
      expect(render.messages).toBe(300);
      expect(render.bytes).toBeGreaterThan(0);
      expect(render.memory.peakRssBytes).toBeGreaterThanOrEqual(render.memory.startRssBytes);
    }
    expect(typeof result.target.jsonPass).toBe('boolean');
    expect(typeof result.target.ratePass).toBe('boolean');
  });
});
