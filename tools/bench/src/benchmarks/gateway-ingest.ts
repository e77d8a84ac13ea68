import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectBus, encodePayload } from '@platform/bus';
import { busNamespace, platformStreams } from '@platform/contracts';
import type { Simulator } from '@platform/discord-sim';
import { DEFAULT_INTENTS } from '@platform/gateway-ingest/src/config.js';
import { buildEnvelope } from '@platform/gateway-ingest/src/envelope.js';
import { fetchGatewayBot } from '@platform/gateway-ingest/src/gateway-bot.js';
import { createTestBusNamespace, startNatsServer, testEndpoints } from '@platform/testkit';
import type { Benchmark } from '../benchmark.js';
import { ChildProcesses, readyThenResult, stopChild } from '../child-process.js';
import { numberOption } from '../options.js';
import { type Cell, noteCompetingLoad, printTable, writeResult } from '../report.js';
import { cpuMicros, type LatencySummary } from '../stats.js';
import { measurePublishRate, type PublishRate } from './bus-publish.js';
import type { NoopJob, NoopResult } from './gateway-ingest-noop.js';
import { GatewayIngestProcess, type Readiness } from './gateway-ingest-process.js';
import type { RecorderReport } from './gateway-ingest-recorder.js';
import { fanOut, sampleMessage, withSimulator } from './sim-dispatches.js';

/** Issue #5's targets. */
export const GATEWAY_INGEST_TARGET = {
  /** Events/s at saturation, as a share of the slower of @discordjs/ws alone and the bus's publish alone. */
  shareOfCeiling: 0.7,
  /** p99 from receipt to ack, offered `pacedRate`. */
  p99Ms: 25,
  pacedRate: 10_000,
  /** Events lost through `outageSeconds` of NATS downtime at `outageRate`, with the default buffer. */
  lost: 0,
  outageRate: 5_000,
  outageSeconds: 30,
};

export interface GatewayIngestBenchOptions {
  /** Dispatches measured in each full-speed run: @discordjs/ws alone, the bus alone, gateway-ingest. */
  events: number;
  /** Sent before them and not measured: connections, JIT, first pulls. */
  warmupEvents: number;
  /** Offered load of the latency run, events/s, for `pacedSeconds`. */
  pacedRate: number;
  pacedSeconds: number;
  /** Offered load of the outage run, events/s; NATS stops after `outageLeadSeconds` for `outageSeconds` (0: no outage run). */
  outageRate: number;
  outageLeadSeconds: number;
  outageSeconds: number;
  /** The shared NATS of every run but the outage's, which has a nats-server of its own. */
  natsUrl: string;
  /** Give up on events still unacknowledged after this long without one. */
  stallTimeoutMs: number;
  /** Longest wait for the backlog to drain after NATS is back. */
  drainTimeoutMs: number;
  /** Writes a CPU profile of each gateway-ingest process here (`node --cpu-prof`), when set. */
  cpuProfileDir?: string;
}

export const DEFAULT_GATEWAY_INGEST_BENCH_OPTIONS: GatewayIngestBenchOptions = {
  events: 100_000,
  warmupEvents: 20_000,
  pacedRate: GATEWAY_INGEST_TARGET.pacedRate,
  pacedSeconds: 10,
  outageRate: GATEWAY_INGEST_TARGET.outageRate,
  outageLeadSeconds: 2,
  outageSeconds: GATEWAY_INGEST_TARGET.outageSeconds,
  natsUrl: testEndpoints.natsUrl,
  stallTimeoutMs: 15_000,
  drainTimeoutMs: 120_000,
};

/** `--quick`: a smoke run that checks the benchmark works, too short to measure much. */
export const QUICK_GATEWAY_INGEST_BENCH_OPTIONS: GatewayIngestBenchOptions = {
  ...DEFAULT_GATEWAY_INGEST_BENCH_OPTIONS,
  events: 5_000,
  warmupEvents: 1_000,
  pacedRate: 2_000,
  pacedSeconds: 1,
  outageRate: 1_000,
  outageLeadSeconds: 0.5,
  outageSeconds: 2,
  drainTimeoutMs: 30_000,
};

/** A run of gateway-ingest: what the simulator sent, what the stream holds, what the service measured. */
export interface IngestRun {
  /** Events/s offered, 0 for as fast as it takes them. */
  offeredRate: number;
  sent: number;
  /** Messages the stream gained during the run. */
  onStream: number;
  /** `sent - onStream`. */
  lost: number;
  /** Acknowledgements per second over the steady middle of the run. */
  eventsPerSecond: number;
  /** Receipt to ack (`gateway_ingest_publish_latency_seconds`, every observation). */
  latencyMs: LatencySummary;
  bufferPeak: number;
  dropped: number;
  rssPeakMb: number;
  /** The service's CPU time per event, µs. */
  cpuUsPerEvent: number;
  /** How late the service's event loop ran, ms. */
  eventLoopDelayMs: RecorderReport['eventLoopDelayMs'];
  /** The service's garbage collections. */
  gc: RecorderReport['gc'];
  /** The simulator's CPU time per event (this process), µs. */
  simulatorCpuUsPerEvent: number;
  /** Share of the machine's cores busy during the run, every process counted (NATS, the simulator, other work). */
  machineBusy: number;
}

export interface OutageRun extends IngestRun {
  /** Seconds NATS was down, and the offered load before, during and after. */
  downSeconds: number;
  /** From nats-server listening again to the service's /readyz answering 200 (degraded while it drains). */
  reconnectMs: number;
  /**
   * From nats-server listening again to /readyz no longer degraded: the backlog down to one publishing
   * window (NaN: not within `drainTimeoutMs`).
   */
  drainMs: number;
}

export interface GatewayIngestBenchResult {
  options: Omit<GatewayIngestBenchOptions, 'natsUrl'>;
  /** The encoded envelope of each dispatch sent, and of each event the bus run publishes. */
  envelopeBytes: number;
  ceiling: {
    /** One @discordjs/ws connection to the simulator with a handler that does nothing. */
    websocket: NoopResult;
    /** The bus benchmark's JetStream publish alone, file storage, envelopes of `envelopeBytes`. */
    bus: PublishRate;
    /** The slower of the two. */
    eventsPerSecond: number;
  };
  saturation: IngestRun;
  paced: IngestRun;
  outage: OutageRun | undefined;
  /** Saturation events/s over the ceiling. */
  shareOfCeiling: number;
  target: typeof GATEWAY_INGEST_TARGET & {
    throughputPass: boolean;
    latencyPass: boolean;
    outagePass: boolean | undefined;
    pass: boolean;
  };
}

const NOOP_ENTRY = fileURLToPath(new URL('./gateway-ingest-noop.ts', import.meta.url));
const children = new ChildProcesses();

/** Messages in the namespace's Discord stream now. */
async function streamMessages(natsUrl: string, namespace: string): Promise<number> {
  const bus = await connectBus({ url: natsUrl, namespace: busNamespace(namespace), name: 'bench' });
  try {
    return (await bus.ensureStream(platformStreams(bus.namespace).discord)).state.messages;
  } finally {
    await bus.close();
  }
}

function ingestRun(
  offeredRate: number,
  counts: { sent: number; onStream: number; dropped: number },
  run: RecorderReport,
  host: { simulatorCpuUsPerEvent: number; machineBusy: number },
): IngestRun {
  return {
    offeredRate,
    ...counts,
    ...host,
    lost: counts.sent - counts.onStream,
    eventsPerSecond: run.eventsPerSecond,
    latencyMs: run.latencyMs,
    bufferPeak: run.bufferPeak,
    rssPeakMb: run.rssPeakMb,
    cpuUsPerEvent: run.cpuUsPerEvent,
    eventLoopDelayMs: run.eventLoopDelayMs,
    gc: run.gc,
  };
}

/** Ceiling A: the connection gateway-ingest opens, with a handler that does nothing, in a process of its own. */
function websocketAlone(options: GatewayIngestBenchOptions): Promise<NoopResult> {
  return withSimulator(async (sim) => {
    const job: NoopJob = {
      token: sim.token,
      intents: DEFAULT_INTENTS,
      gateway: await fetchGatewayBot({ apiUrl: sim.apiUrl, token: sim.token, shardCount: 1 }),
      expected: options.warmupEvents + options.events,
      warmup: options.warmupEvents,
    };
    const child = children.spawnTs(NOOP_ENTRY, [JSON.stringify(job)]);
    try {
      const load = readyThenResult<NoopResult>(child, '@discordjs/ws alone');
      await Promise.race([load.ready, load.done]);
      await fanOut(sim, { count: job.expected });
      return await load.done;
    } finally {
      await stopChild(child);
    }
  });
}

/** The envelope gateway-ingest builds for the dispatches the simulator sends here, encoded. */
function envelopeBytes(sim: Simulator): number {
  const d = { ...sampleMessage(sim), id: String(2n ** 60n) };
  const sessionId = 'f'.repeat(32);
  return encodePayload(buildEnvelope({ t: 'MESSAGE_CREATE', s: 1_000_000, d }, { shard: 0, sessionId }, Date.now()))
    .byteLength;
}

/** One simulator, one gateway-ingest process and one namespace, through the runs that share them. */
interface Setup {
  sim: Simulator;
  service: GatewayIngestProcess;
  natsUrl: string;
  namespace: string;
  /** Message ids go on from run to run: they are the dedupe ids of the stream. */
  nextId: number;
}

async function withService<T>(
  natsUrl: string,
  cpuProfileDir: string | undefined,
  run: (setup: Setup) => Promise<T>,
): Promise<T> {
  return withSimulator(async (sim) => {
    const namespace = createTestBusNamespace('bench', natsUrl);
    const bus = { natsUrl, namespace: namespace.name };
    const service = await GatewayIngestProcess.start(children, sim, bus, cpuProfileDir);
    try {
      return await run({ sim, service, natsUrl, namespace: namespace.name, nextId: 0 });
    } finally {
      await service.stop();
      await namespace.clear();
    }
  });
}

interface Phase {
  /** Dispatches to send; `Infinity` until `during` has run. */
  count: number;
  /** Events/s, 0 for full speed. */
  rate: number;
  stallMs: number;
  /** Runs beside the sending, which ends with it when `count` is infinite. */
  during?: () => Promise<void>;
  /** Acknowledgements the service keeps the latency of; default `count`. */
  capacity?: number;
}

/** Busy and idle time of every core so far, ms. */
function coreTimes(): { busy: number; idle: number } {
  let busy = 0;
  let idle = 0;
  for (const { times } of cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    idle += times.idle;
  }
  return { busy, idle };
}

function busyShare(from: { busy: number; idle: number }, to: { busy: number; idle: number }): number {
  const busy = to.busy - from.busy;
  return busy / (busy + to.idle - from.idle);
}

/** Sends dispatches and waits for the service to acknowledge them; what the stream gained is counted. */
async function phase(setup: Setup, p: Phase): Promise<IngestRun> {
  const before = await streamMessages(setup.natsUrl, setup.namespace);
  const droppedBefore = await setup.service.dropped();
  await setup.service.measure(p.capacity ?? p.count);
  const [cpuBefore, coresBefore] = [process.cpuUsage(), coreTimes()];
  const stop = new AbortController();
  const sending = fanOut(setup.sim, { count: p.count, rate: p.rate, firstId: setup.nextId, signal: stop.signal });
  try {
    await p.during?.();
  } finally {
    if (!Number.isFinite(p.count)) stop.abort();
  }
  const sent = await sending;
  setup.nextId += sent;
  const report = await setup.service.report(sent, p.stallMs);
  const host = {
    simulatorCpuUsPerEvent: cpuMicros(process.cpuUsage(cpuBefore)) / sent,
    machineBusy: busyShare(coresBefore, coreTimes()),
  };
  const onStream = (await streamMessages(setup.natsUrl, setup.namespace)) - before;
  const dropped = (await setup.service.dropped()) - droppedBefore;
  return ingestRun(p.rate, { sent, onStream, dropped }, report, host);
}

/** Polls /readyz until it says `until`; resolves with the instant it did, NaN after `timeoutMs`. */
async function readinessReached(service: GatewayIngestProcess, until: Readiness, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const readiness = await service.readiness();
    if (readiness === until || (until === 'backlog' && readiness === 'ready')) return Date.now();
    await sleep(20);
  }
  return Number.NaN;
}

/** gateway-ingest on the shared NATS: warm-up, then full speed, then `pacedRate`, in one process. */
function ingestRuns(
  options: GatewayIngestBenchOptions,
): Promise<{ saturation: IngestRun; paced: IngestRun; envelopeBytes: number }> {
  return withService(options.natsUrl, options.cpuProfileDir, async (setup) => {
    const stallMs = options.stallTimeoutMs;
    await phase(setup, { count: options.warmupEvents, rate: 0, stallMs });
    const saturation = await phase(setup, { count: options.events, rate: 0, stallMs });
    const pacedCount = Math.round(options.pacedRate * options.pacedSeconds);
    const paced = await phase(setup, { count: pacedCount, rate: options.pacedRate, stallMs });
    return { saturation, paced, envelopeBytes: envelopeBytes(setup.sim) };
  });
}

/**
 * NATS downtime under load: a nats-server of the benchmark's own, stopped `outageSeconds` into a steady
 * `outageRate` and started again; the load goes on until the backlog has drained.
 */
async function outageRun(options: GatewayIngestBenchOptions): Promise<OutageRun> {
  const nats = await startNatsServer();
  try {
    return await withService(nats.url, options.cpuProfileDir, async (setup) => {
      // Also publishes what connecting produced (GUILD_CREATE, the shard's ready), so the run counts its own.
      const stallMs = options.stallTimeoutMs;
      const rate = options.outageRate;
      await phase(setup, { count: options.warmupEvents, rate: 0, stallMs });
      let restartedAt = Number.NaN;
      let reconnectedAt = Number.NaN;
      let drainedAt = Number.NaN;
      const during = async () => {
        await sleep(options.outageLeadSeconds * 1000);
        await nats.stop();
        await sleep(options.outageSeconds * 1000);
        await nats.start();
        restartedAt = Date.now();
        reconnectedAt = await readinessReached(setup.service, 'backlog', options.drainTimeoutMs);
        drainedAt = await readinessReached(setup.service, 'ready', options.drainTimeoutMs);
        await sleep(1000);
      };
      const seconds = options.outageLeadSeconds + options.outageSeconds + (2 * options.drainTimeoutMs) / 1000 + 2;
      const capacity = Math.ceil(rate * seconds);
      const run = await phase(setup, { count: Number.POSITIVE_INFINITY, rate, stallMs, during, capacity });
      return {
        ...run,
        downSeconds: options.outageSeconds,
        reconnectMs: reconnectedAt - restartedAt,
        drainMs: drainedAt - restartedAt,
      };
    });
  } finally {
    await nats.dispose();
  }
}

/**
 * Issue #5: the simulator (in this process) sends MESSAGE_CREATE dispatches to gateway-ingest (a process
 * of its own, one shard), which publishes them to JetStream and waits for the acks. Measured beside its
 * ceiling in the same run: the same connection with a handler that does nothing, and the bus benchmark's
 * publish alone with envelopes of the same size; then its latency at `pacedRate` and, unless
 * `outageSeconds` is 0, what NATS downtime at `outageRate` costs with the default buffer.
 */
export async function runGatewayIngestBenchmark(
  overrides: Partial<GatewayIngestBenchOptions> = {},
): Promise<GatewayIngestBenchResult> {
  const options = { ...DEFAULT_GATEWAY_INGEST_BENCH_OPTIONS, ...overrides };
  try {
    const websocket = await websocketAlone(options);
    const { saturation, paced, envelopeBytes } = await ingestRuns(options);
    const bus = await measurePublishRate({
      natsUrl: options.natsUrl,
      events: options.events,
      warmupEvents: options.warmupEvents,
      payloadBytes: envelopeBytes,
      guilds: 1,
      window: 1024,
    });
    const outage = options.outageSeconds > 0 ? await outageRun(options) : undefined;
    const ceiling = Math.min(websocket.eventsPerSecond, bus.eventsPerSecond);
    const shareOfCeiling = saturation.eventsPerSecond / ceiling;
    const t = GATEWAY_INGEST_TARGET;
    const throughputPass = saturation.lost === 0 && bus.failures === 0 && shareOfCeiling >= t.shareOfCeiling;
    const latencyPass =
      paced.lost === 0 &&
      options.pacedRate >= t.pacedRate &&
      paced.eventsPerSecond >= 0.98 * options.pacedRate &&
      paced.latencyMs.p99 < t.p99Ms;
    const outagePass =
      outage &&
      outage.lost === t.lost &&
      outage.dropped === 0 &&
      outage.offeredRate >= t.outageRate &&
      outage.downSeconds >= t.outageSeconds;
    const { natsUrl: _, ...reported } = options;
    return {
      options: reported,
      envelopeBytes,
      ceiling: { websocket, bus, eventsPerSecond: ceiling },
      saturation,
      paced,
      outage,
      shareOfCeiling,
      target: {
        ...t,
        throughputPass,
        latencyPass,
        outagePass,
        pass: throughputPass && latencyPass && outagePass !== false,
      },
    };
  } finally {
    await children.stopAll();
  }
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? '-' : pass ? 'PASS' : 'FAIL');
const percent = (x: number) => `${(x * 100).toFixed(0)}%`;

function printGatewayIngestResult(result: GatewayIngestBenchResult): void {
  const { options, ceiling, saturation, paced, outage, target } = result;
  const n = (x: number) => x.toLocaleString('en-US');
  const offered = (rate: number) => (rate > 0 ? `${n(rate)}/s` : 'full speed');
  const ingestRow = (label: string, run: IngestRun, result: string) => [
    label,
    offered(run.offeredRate),
    Math.round(run.eventsPerSecond),
    run.latencyMs.p50,
    run.latencyMs.p99,
    percent(run.eventsPerSecond / ceiling.eventsPerSecond),
    run.cpuUsPerEvent,
    run.lost,
    result,
  ];
  const ceilingRow = (label: string, run: { eventsPerSecond: number; cpuUsPerEvent: number }, lost: Cell) => [
    label,
    'full speed',
    Math.round(run.eventsPerSecond),
    '-',
    '-',
    percent(run.eventsPerSecond / ceiling.eventsPerSecond),
    run.cpuUsPerEvent,
    lost,
    '-',
  ];
  printTable(
    `gateway-ingest: simulator → gateway-ingest (own process, 1 shard) → JetStream (file), acknowledged;` +
      ` ${n(options.events)} dispatches per full-speed run after ${n(options.warmupEvents)} of warm-up,` +
      ` envelopes of ${result.envelopeBytes} B`,
    ['measure', 'offered', 'events/s', 'p50 ms', 'p99 ms', 'of ceiling', 'CPU µs/event', 'lost', 'result'],
    [
      ceilingRow('(A) @discordjs/ws alone, no-op handler', ceiling.websocket, '-'),
      ceilingRow('(B) bus publish alone (JetStream, file)', ceiling.bus, ceiling.bus.failures),
      ['ceiling = min(A, B)', '-', Math.round(ceiling.eventsPerSecond), '-', '-', '100%', '-', '-', '-'],
      ingestRow(
        'GatewayIngest (ours)',
        saturation,
        `${verdict(target.throughputPass)} (≥ ${percent(target.shareOfCeiling)})`,
      ),
      ingestRow('GatewayIngest (ours)', paced, `${verdict(target.latencyPass)} (p99 < ${target.p99Ms} ms)`),
    ],
  );
  console.log('(latency is receipt → JetStream ack; at full speed it is mostly time queued in the buffer)');
  for (const [label, run] of [
    ['full speed', saturation],
    [offered(paced.offeredRate), paced],
  ] as const) {
    const loop = run.eventLoopDelayMs;
    console.log(
      `${label}: machine ${percent(run.machineBusy)} busy (every process); the service's event loop late by` +
        ` p99 ${loop.p99.toFixed(0)} ms, max ${loop.max.toFixed(0)} ms; its longest GC ${run.gc.maxMs.toFixed(0)} ms;` +
        ` simulator ${run.simulatorCpuUsPerEvent.toFixed(1)} µs/event`,
    );
  }
  if (outage) {
    printTable(
      `gateway-ingest: NATS (a nats-server of its own) down for ${outage.downSeconds} s at ${n(outage.offeredRate)} events/s,` +
        ' default buffer; load kept on until the backlog drained',
      ['sent', 'on stream', 'lost', 'dropped', 'buffer peak', 'memory peak', 'reconnect s', 'drain s', 'result'],
      [
        [
          outage.sent,
          outage.onStream,
          outage.lost,
          outage.dropped,
          outage.bufferPeak,
          `${outage.rssPeakMb} MB`,
          outage.reconnectMs / 1000,
          outage.drainMs / 1000,
          `${verdict(target.outagePass)} (lost ${target.lost})`,
        ],
      ],
    );
  }
  console.log(
    `target: ≥ ${percent(target.shareOfCeiling)} of the ceiling at saturation, p99 < ${target.p99Ms} ms at` +
      ` ${n(target.pacedRate)}/s, nothing lost through ${target.outageSeconds} s of NATS downtime at` +
      ` ${n(target.outageRate)}/s: ${verdict(target.pass)}`,
  );
}

export const gatewayIngestBenchmark: Benchmark = {
  description: 'services/gateway-ingest: events/s beside @discordjs/ws and bus ceilings, p99 at 10,000/s, NATS outage',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        events: { type: 'string' },
        warmup: { type: 'string' },
        rate: { type: 'string' },
        seconds: { type: 'string' },
        'outage-seconds': { type: 'string' },
        'outage-rate': { type: 'string' },
        'cpu-prof': { type: 'string' },
      },
    });
    const base = values.quick ? QUICK_GATEWAY_INGEST_BENCH_OPTIONS : DEFAULT_GATEWAY_INGEST_BENCH_OPTIONS;
    noteCompetingLoad();
    const result = await runGatewayIngestBenchmark({
      ...base,
      events: numberOption('events', values.events, base.events),
      warmupEvents: numberOption('warmup', values.warmup, base.warmupEvents),
      pacedRate: numberOption('rate', values.rate, base.pacedRate),
      pacedSeconds: numberOption('seconds', values.seconds, base.pacedSeconds),
      outageSeconds: numberOption('outage-seconds', values['outage-seconds'], base.outageSeconds),
      outageRate: numberOption('outage-rate', values['outage-rate'], base.outageRate),
      ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}),
    });
    printGatewayIngestResult(result);
    console.log(`written to ${writeResult('gateway-ingest', result)}`);
  },
};
