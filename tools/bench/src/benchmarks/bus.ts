import { parseArgs } from 'node:util';
import { type Bus, connectBus } from '@platform/bus';
import { busNamespace, platformStreams } from '@platform/contracts';
import { createTestBusNamespace, testEndpoints } from '@platform/testkit';
import type { Benchmark } from '../benchmark.js';
import { numberOption } from '../options.js';
import { noteCompetingLoad, printTable, writeResult } from '../report.js';
import { type LatencySummary, ratePerSecond, steadyRate, summarize } from '../stats.js';
import { type BenchEnvelope, clockMs } from './bus-events.js';
import { publishInWorker } from './bus-publish.js';
import type { PublisherJob, PublisherReport } from './bus-publisher.js';

export interface BusBenchOptions {
  /** Events measured in each run. */
  events: number;
  /** Events sent before the measured ones in each run, to warm up connections, JIT and pulls. */
  warmupEvents: number;
  /** Size of one encoded envelope, padded through the message content. */
  payloadBytes: number;
  /** Offered load of the paced JetStream run, events/s. */
  rate: number;
  /** Publishes awaiting their JetStream ack at most. */
  window: number;
  /** Events published and not yet consumed at most: full speed is the rate both sides sustain. */
  maxAhead: number;
  /** Messages per pull of the consumer. */
  batch: number;
  /** Handlers running at once in the consumer. */
  concurrency: number;
  /** Guilds the events are spread over (one subject each). */
  guilds: number;
  natsUrl: string;
  /** Give up on the remaining events after this long without one arriving. */
  stallTimeoutMs: number;
}

/** The target gateway-ingest needs from the bus. */
export const BUS_TARGET = { eventsPerSecond: 30_000, p99Ms: 50 };

export const DEFAULT_BUS_BENCH_OPTIONS: BusBenchOptions = {
  events: 200_000,
  warmupEvents: 30_000,
  payloadBytes: 1024,
  rate: BUS_TARGET.eventsPerSecond,
  window: 1024,
  maxAhead: 4096,
  batch: 256,
  concurrency: 256,
  guilds: 16,
  natsUrl: testEndpoints.natsUrl,
  stallTimeoutMs: 15_000,
};

export interface RunResult {
  transport: 'jetstream' | 'core';
  /** Offered events/s, 0 for full speed. */
  offeredRate: number;
  /** Stored by the server (JetStream) or sent (core), duplicates left out; warm-up included. */
  published: number;
  /** Distinct events that reached the handler; warm-up included. */
  consumed: number;
  /** Deliveries beyond the first of an event (JetStream redeliveries). */
  duplicates: number;
  lost: number;
  /** Publishes that failed; the benchmark counts them as lost too. */
  publishFailures: number;
  /** Rate over the steady middle of the measured events (10%..90% of their completions). */
  eventsPerSecond: number;
  /** Events over the whole run, warm-up included, from the first publish to the last completion. */
  overallEventsPerSecond: number;
  /**
   * Of the measured events: from the instant the event was due (paced runs) or sent (full
   * speed) to the handler's return, after which the bus acks.
   */
  latencyMs: LatencySummary;
  durationMs: number;
  /** JetStream only: messages the server still counts as unacknowledged or undelivered afterwards. */
  unacknowledged?: number;
}

export interface BusBenchResult {
  options: Omit<BusBenchOptions, 'natsUrl'>;
  /** JetStream at full speed: its throughput. */
  jetstreamMax: RunResult;
  /** JetStream at the offered `rate`: its latency under the target load. */
  jetstreamPaced: RunResult;
  /** Core NATS at full speed: the ceiling. */
  core: RunResult;
  /** JetStream's full-speed rate as a share of core NATS's. */
  shareOfCeiling: number;
  target: typeof BUS_TARGET & { pass: boolean };
}

/**
 * Counts each event's arrivals and notices when arrivals stop; records latency and completion
 * time of the measured events, those after the warm-up.
 */
class Tally {
  private readonly seen: Uint8Array;
  private readonly latencies: Float64Array;
  private readonly completions: Float64Array;
  /** Shared with the publisher's thread, which keeps at most `maxAhead` events unconsumed. */
  readonly progress = new SharedArrayBuffer(4);
  private readonly consumedCounter = new Int32Array(this.progress);
  /** Distinct events consumed, warm-up included. */
  consumed = 0;
  private measured = 0;
  duplicates = 0;
  private lastArrival = clockMs();

  constructor(
    readonly warmupEvents: number,
    readonly events: number,
  ) {
    this.seen = new Uint8Array(warmupEvents + events);
    this.latencies = new Float64Array(events);
    this.completions = new Float64Array(events);
  }

  get total(): number {
    return this.warmupEvents + this.events;
  }

  record(envelope: BenchEnvelope): void {
    const now = clockMs();
    this.lastArrival = now;
    const n = envelope.seq ?? 0;
    if (this.seen[n]) {
      this.duplicates++;
      return;
    }
    this.seen[n] = 1;
    this.consumed++;
    Atomics.store(this.consumedCounter, 0, this.consumed);
    if (n < this.warmupEvents) return;
    this.latencies[this.measured] = now - envelope.d.sentAt;
    this.completions[this.measured] = now;
    this.measured++;
  }

  /** Resolves when `expected` events arrived, or when none arrived for `stallMs`. */
  async done(expected: () => number, stallMs: number): Promise<void> {
    while (this.consumed < expected() && clockMs() - this.lastArrival < stallMs) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  result(transport: RunResult['transport'], offeredRate: number, report: PublisherReport): RunResult {
    const completions = this.completions.subarray(0, this.measured);
    // Recorded as they happen, so the last one is the latest.
    const finishedAt = completions.at(-1) ?? report.startedAt;
    return {
      transport,
      offeredRate,
      published: report.published,
      consumed: this.consumed,
      duplicates: this.duplicates,
      lost: this.total - this.consumed,
      publishFailures: report.failures,
      eventsPerSecond: steadyRate(completions),
      overallEventsPerSecond: ratePerSecond(this.consumed, report.startedAt, finishedAt),
      latencyMs: summarize(this.latencies.subarray(0, this.measured)),
      durationMs: finishedAt - report.startedAt,
    };
  }
}

/**
 * One run: the consumer in this thread, the publisher in a worker, both on their own connection
 * in a namespace of their own that is deleted afterwards.
 */
async function run(options: BusBenchOptions, transport: RunResult['transport'], rate: number): Promise<RunResult> {
  const namespace = createTestBusNamespace('bench', options.natsUrl);
  let consumerBus: Bus | undefined;
  try {
    consumerBus = await connectBus({
      url: options.natsUrl,
      namespace: busNamespace(namespace.name),
      name: 'bench-consumer',
    });
    const tally = new Tally(options.warmupEvents, options.events);
    const stopConsuming = await startConsuming(consumerBus, options, transport, tally);

    const job: PublisherJob = {
      natsUrl: options.natsUrl,
      namespace: namespace.name,
      transport,
      events: tally.total,
      rate,
      window: options.window,
      maxAhead: options.maxAhead,
      payloadBytes: options.payloadBytes,
      guilds: options.guilds,
      stallTimeoutMs: options.stallTimeoutMs,
      consumed: tally.progress,
    };
    const report = await publishInWorker(job);
    await tally.done(() => report.published, options.stallTimeoutMs);
    const unacknowledged = await stopConsuming();
    const result = tally.result(transport, rate, report);
    return unacknowledged === undefined ? result : { ...result, unacknowledged };
  } finally {
    await consumerBus?.close();
    await namespace.clear();
  }
}

/**
 * JetStream: a durable pull consumer with explicit acks on the file-stored events stream.
 * Core: a plain subscription, which stores and acknowledges nothing. Returns the stopper, which
 * reports what the server still counts as unacknowledged.
 */
async function startConsuming(
  bus: Bus,
  options: BusBenchOptions,
  transport: RunResult['transport'],
  tally: Tally,
): Promise<() => Promise<number | undefined>> {
  if (transport === 'core') {
    const decoder = new TextDecoder();
    const subscription = bus.connection.subscribe(bus.subjects.dispatchFilter('MESSAGE_CREATE'), {
      callback: (error, msg) => {
        if (!error) tally.record(JSON.parse(decoder.decode(msg.data)));
      },
    });
    await bus.connection.flush();
    return async () => {
      subscription.unsubscribe();
      return undefined;
    };
  }
  const streams = platformStreams(bus.namespace);
  await bus.ensureStream(streams.discord);
  const consumer = await bus.consume({
    stream: streams.discord.name,
    batch: options.batch,
    concurrency: options.concurrency,
    maxAckPending: options.maxAhead * 2,
    handler: (envelope: BenchEnvelope) => tally.record(envelope),
  });
  return async () => {
    await consumer.stop();
    const info = await consumer.info();
    return info.num_ack_pending + info.num_pending;
  };
}

/**
 * Sends `events` 1 KB envelopes through JetStream at full speed, through JetStream at the offered
 * `rate`, and through core NATS at full speed, in that order.
 */
export async function runBusBenchmark(overrides: Partial<BusBenchOptions> = {}): Promise<BusBenchResult> {
  const options = { ...DEFAULT_BUS_BENCH_OPTIONS, ...overrides };
  const jetstreamMax = await run(options, 'jetstream', 0);
  const jetstreamPaced = await run(options, 'jetstream', options.rate);
  const core = await run(options, 'core', 0);
  const { natsUrl: _, ...reported } = options;
  const keptUp = jetstreamPaced.eventsPerSecond >= 0.98 * options.rate;
  return {
    options: reported,
    jetstreamMax,
    jetstreamPaced,
    core,
    shareOfCeiling: jetstreamMax.eventsPerSecond / core.eventsPerSecond,
    target: {
      ...BUS_TARGET,
      pass:
        jetstreamMax.lost + jetstreamPaced.lost === 0 &&
        jetstreamMax.eventsPerSecond >= BUS_TARGET.eventsPerSecond &&
        options.rate >= BUS_TARGET.eventsPerSecond &&
        keptUp &&
        jetstreamPaced.latencyMs.p99 < BUS_TARGET.p99Ms,
    },
  };
}

function printBusResult(result: BusBenchResult): void {
  const { options, jetstreamMax, jetstreamPaced, core, target } = result;
  const rate = (r: RunResult) => (r.offeredRate ? `${r.offeredRate.toLocaleString('en-US')}/s` : 'full speed');
  const row = (label: string, r: RunResult, share: string) => [
    label,
    rate(r),
    Math.round(r.eventsPerSecond),
    r.latencyMs.p50,
    r.latencyMs.p99,
    share,
    r.lost,
  ];
  const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
  printTable(
    `bus: ${options.events.toLocaleString('en-US')} events of ${options.payloadBytes} B per run after` +
      ` ${options.warmupEvents.toLocaleString('en-US')} of warm-up, publish to ack` +
      ` (window ${options.window}, max ahead ${options.maxAhead}, batch ${options.batch},` +
      ` concurrency ${options.concurrency})`,
    ['transport', 'offered', 'events/s', 'p50 ms', 'p99 ms', 'of ceiling', 'lost'],
    [
      row('JetStream, file (ours)', jetstreamMax, percent(result.shareOfCeiling)),
      row('JetStream, file (ours)', jetstreamPaced, percent(jetstreamPaced.eventsPerSecond / core.eventsPerSecond)),
      row('core NATS (ceiling)', core, '100%'),
    ],
  );
  console.log(
    `target: >= ${target.eventsPerSecond.toLocaleString('en-US')} events/s sustained (full speed, and kept up when` +
      ` offered) with p99 < ${target.p99Ms} ms at that load, nothing lost: ${target.pass ? 'PASS' : 'FAIL'}`,
  );
  console.log(`(full-speed latency is mostly the ${options.maxAhead} events the publisher may run ahead)`);
}

export const busBenchmark: Benchmark = {
  description: 'JetStream publish-to-ack of 1 KB envelopes through @platform/bus beside core NATS',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        events: { type: 'string' },
        warmup: { type: 'string' },
        rate: { type: 'string' },
        'payload-bytes': { type: 'string' },
        window: { type: 'string' },
        'max-ahead': { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
      },
    });
    const d = DEFAULT_BUS_BENCH_OPTIONS;
    noteCompetingLoad();
    const result = await runBusBenchmark({
      events: numberOption('events', values.events, d.events),
      warmupEvents: numberOption('warmup', values.warmup, d.warmupEvents),
      rate: numberOption('rate', values.rate, d.rate),
      payloadBytes: numberOption('payload-bytes', values['payload-bytes'], d.payloadBytes),
      window: numberOption('window', values.window, d.window),
      maxAhead: numberOption('max-ahead', values['max-ahead'], d.maxAhead),
      batch: numberOption('batch', values.batch, d.batch),
      concurrency: numberOption('concurrency', values.concurrency, d.concurrency),
    });
    printBusResult(result);
    console.log(`written to ${writeResult('bus', result)}`);
  },
};
