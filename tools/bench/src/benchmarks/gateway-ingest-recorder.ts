// Preloaded (`node --import`) into the measured process of the gateway-ingest benchmark, which runs the
// service's own src/main.ts. It keeps every observation of `gateway_ingest_publish_latency_seconds` (a
// dispatch's receipt to its JetStream ack), whose buckets (10 ms, then 50 ms) cannot place a p99 against
// 25 ms, and every value of `gateway_ingest_buffer_events`, by wrapping prom-client's methods before the
// service creates its metrics. Driven over IPC: RecorderCommand in, RecorderReport out.
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { cpuMicros, type LatencySummary, steadyRate, summarize } from '../stats.js';
import { clockMs } from './bus-events.js';

export type RecorderCommand =
  /** Starts recording afresh, with room for `capacity` acknowledgements. */
  | { type: 'measure'; capacity: number }
  /** Asks for the report once `expected` acknowledgements are recorded and the buffer is empty, or none came for `stallMs`. */
  | { type: 'report'; expected: number; stallMs: number };

export type RecorderMessage = { type: 'measuring' } | ({ type: 'report' } & RecorderReport);

/** What the service did since `measure`. */
export interface RecorderReport {
  /** Publishes acknowledged by JetStream. */
  acknowledged: number;
  /** Receipt to ack, the service's own measure, in the whole milliseconds it takes them in. */
  latencyMs: LatencySummary;
  /** Acknowledgements per second over the steady middle (10%..90% of them). */
  eventsPerSecond: number;
  /** Most events waiting in the buffer at once. */
  bufferPeak: number;
  /** Largest resident set of the process so far, MB. */
  rssPeakMb: number;
  /** CPU time (user and system, every thread) per acknowledgement, µs. */
  cpuUsPerEvent: number;
  /** How late the event loop ran timers (GC pauses, long synchronous work, waiting for a core), ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Garbage collections: their count, the time they took in all, the longest, ms. */
  gc: { count: number; totalMs: number; maxMs: number };
}

const LATENCY = 'gateway_ingest_publish_latency_seconds';
const BUFFER = 'gateway_ingest_buffer_events';

class Recorder {
  private readonly latencies: Float64Array;
  private readonly completions: Float64Array;
  private readonly cpuBefore = process.cpuUsage();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 5 });
  private readonly gc = { count: 0, totalMs: 0, maxMs: 0 };
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.gc.count++;
      this.gc.totalMs += entry.duration;
      this.gc.maxMs = Math.max(this.gc.maxMs, entry.duration);
    }
  });
  count = 0;
  lastAt = clockMs();
  buffered = 0;
  private bufferPeak = 0;

  constructor(capacity: number) {
    this.latencies = new Float64Array(capacity);
    this.completions = new Float64Array(capacity);
    this.loopDelay.enable();
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  acknowledged(seconds: number): void {
    const now = clockMs();
    if (this.count < this.latencies.length) {
      this.latencies[this.count] = seconds * 1000;
      this.completions[this.count] = now;
    }
    this.count++;
    this.lastAt = now;
  }

  bufferSize(size: number): void {
    this.buffered = size;
    if (size > this.bufferPeak) this.bufferPeak = size;
  }

  report(): RecorderReport {
    this.loopDelay.disable();
    this.gcObserver.disconnect();
    const n = Math.min(this.count, this.latencies.length);
    return {
      acknowledged: this.count,
      latencyMs: summarize(this.latencies.subarray(0, n)),
      eventsPerSecond: steadyRate(this.completions.subarray(0, n)),
      bufferPeak: this.bufferPeak,
      rssPeakMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuUsPerEvent: cpuMicros(process.cpuUsage(this.cpuBefore)) / this.count,
      eventLoopDelayMs: {
        p50: this.loopDelay.percentile(50) / 1e6,
        p99: this.loopDelay.percentile(99) / 1e6,
        max: this.loopDelay.max / 1e6,
      },
      gc: this.gc,
    };
  }
}

let recorder: Recorder | undefined;

type Method = (this: { name: string }, ...args: unknown[]) => void;

/** Wraps `target[method]` so that `onValue` also gets the first argument of calls on the metric `name`. */
function tap(target: Record<string, unknown>, method: string, name: string, onValue: (value: number) => void): void {
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`prom-client has no ${method} to record ${name} through`);
  target[method] = function (this: { name: string }, ...args: unknown[]) {
    if (this.name === name && typeof args[0] === 'number') onValue(args[0]);
    (original as Method).apply(this, args);
  };
}

// The prom-client the service loads, resolved from its package so that both share one module.
const serviceRequire = createRequire(createRequire(import.meta.url).resolve('@platform/gateway-ingest/package.json'));
const prom = serviceRequire('prom-client') as Record<'Histogram' | 'Gauge', { prototype: Record<string, unknown> }>;
// A histogram binds `observe` to this method when it is constructed, which is after this preload.
tap(prom.Histogram.prototype, 'observeWithoutExemplar', LATENCY, (seconds) => recorder?.acknowledged(seconds));
tap(prom.Gauge.prototype, 'set', BUFFER, (size) => recorder?.bufferSize(size));

const send = (message: RecorderMessage) => process.send?.(message);

async function report(expected: number, stallMs: number): Promise<void> {
  const current = recorder;
  if (!current) throw new Error('report before measure');
  while ((current.count < expected || current.buffered > 0) && clockMs() - current.lastAt < stallMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  send({ type: 'report', ...current.report() });
}

process.on('message', (command: RecorderCommand) => {
  if (command.type === 'measure') {
    recorder = new Recorder(command.capacity);
    send({ type: 'measuring' });
  } else if (command.type === 'report') void report(command.expected, command.stallMs);
});
// The benchmark went away: nobody will ask for a report, and the IPC channel would keep the process up.
process.once('disconnect', () => process.exit(1));
