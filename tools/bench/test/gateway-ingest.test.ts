import { describe, expect, it } from 'vitest';
import { QUICK_GATEWAY_INGEST_BENCH_OPTIONS, runGatewayIngestBenchmark } from '../src/benchmarks/gateway-ingest.js';

describe('gateway-ingest benchmark', () => {
  it('measures the service beside its ceilings and through a NATS outage, in quick mode', {
    timeout: 120_000,
  }, async () => {
    const options = QUICK_GATEWAY_INGEST_BENCH_OPTIONS;
    const result = await runGatewayIngestBenchmark(options);

    expect(result.ceiling.websocket.count).toBe(options.warmupEvents + options.events);
    expect(result.ceiling.bus).toMatchObject({ published: options.warmupEvents + options.events, failures: 0 });
    expect(result.ceiling.bus.payloadBytes).toBe(result.envelopeBytes);
    expect(result.envelopeBytes).toBeGreaterThan(500);
    expect(result.ceiling.eventsPerSecond).toBe(
      Math.min(result.ceiling.websocket.eventsPerSecond, result.ceiling.bus.eventsPerSecond),
    );

    const paced = Math.round(options.pacedRate * options.pacedSeconds);
    for (const [run, sent] of [
      [result.saturation, options.events],
      [result.paced, paced],
    ] as const) {
      expect(run).toMatchObject({ sent, onStream: sent, lost: 0, dropped: 0 });
      expect(run.latencyMs.count).toBe(sent);
      expect(run.latencyMs.p99).toBeGreaterThanOrEqual(run.latencyMs.p50);
      expect(run.eventsPerSecond).toBeGreaterThan(0);
      expect(run.cpuUsPerEvent).toBeGreaterThan(0);
      expect(run.simulatorCpuUsPerEvent).toBeGreaterThan(0);
      expect(run.machineBusy).toBeGreaterThan(0);
      expect(run.machineBusy).toBeLessThanOrEqual(1);
      expect(run.eventLoopDelayMs.max).toBeGreaterThanOrEqual(run.eventLoopDelayMs.p50);
    }
    expect(result.paced.offeredRate).toBe(options.pacedRate);
    expect(result.shareOfCeiling).toBeCloseTo(result.saturation.eventsPerSecond / result.ceiling.eventsPerSecond);

    // The outage really happened, was buffered through and lost nothing.
    const outage = result.outage;
    expect(outage).toBeDefined();
    expect(outage?.sent).toBeGreaterThanOrEqual(
      options.outageRate * (options.outageLeadSeconds + options.outageSeconds),
    );
    expect(outage).toMatchObject({ lost: 0, dropped: 0, downSeconds: options.outageSeconds });
    expect(outage?.onStream).toBe(outage?.sent);
    expect(outage?.bufferPeak).toBeGreaterThanOrEqual(options.outageRate * options.outageSeconds * 0.9);
    expect(outage?.reconnectMs).toBeGreaterThanOrEqual(0);
    expect(outage?.drainMs).toBeGreaterThanOrEqual(outage?.reconnectMs ?? Number.NaN);
    // Quick mode offers less than the targets' loads, so it cannot pass them.
    expect(result.target).toMatchObject({ latencyPass: false, outagePass: false, pass: false });
  });
});
