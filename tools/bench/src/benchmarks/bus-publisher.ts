/**
 * The publishing side of the bus benchmark, run in a worker thread: gateway-ingest and the
 * consuming services are separate processes, so the publisher gets an event loop of its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectBus } from '@platform/bus';
import { busNamespace } from '@platform/contracts';
import { cpuMicros } from '../stats.js';
import { clockMs, envelopeFactory } from './bus-events.js';

export interface PublisherJob {
  natsUrl: string;
  namespace: string;
  transport: 'jetstream' | 'core';
  events: number;
  /** Events per second, 0 for as fast as the consumer keeps up. */
  rate: number;
  /** JetStream publishes awaiting their ack at most. */
  window: number;
  /** Events published and not yet consumed at most, so the run measures a rate both sides sustain. */
  maxAhead: number;
  /** Events published before the measured ones, counted in {@link PublisherReport.measuredFrom}; default 0. */
  warmupEvents?: number;
  payloadBytes: number;
  guilds: number;
  stallTimeoutMs: number;
  /** One Int32: events consumed so far, written by the consumer's thread; without it, publishing runs alone. */
  consumed?: SharedArrayBuffer;
}

export interface PublisherReport {
  /** {@link clockMs} of the first publish. */
  startedAt: number;
  /** {@link clockMs} of the first publish after the warm-up. */
  measuredFrom: number;
  /** {@link clockMs} once every publish was acknowledged (or failed). */
  finishedAt: number;
  /** CPU time of the whole process (every thread) from `measuredFrom` to `finishedAt`, µs. */
  processCpuMicros: number;
  published: number;
  /** JetStream only: publishes the server dropped as duplicates. */
  duplicates: number;
  failures: number;
  firstFailure: string | undefined;
  /** True when the consumer stopped making progress and the publisher gave up. */
  stalled: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until fewer than `maxAhead` events are unconsumed; false when the consumer stalled. */
async function waitForConsumer(consumed: Int32Array, n: number, job: PublisherJob): Promise<boolean> {
  let last = Atomics.load(consumed, 0);
  let lastProgressAt = clockMs();
  while (n - Atomics.load(consumed, 0) >= job.maxAhead) {
    await sleep(1);
    const now = Atomics.load(consumed, 0);
    if (now !== last) [last, lastProgressAt] = [now, clockMs()];
    else if (clockMs() - lastProgressAt > job.stallTimeoutMs) return false;
  }
  return true;
}

async function publish(job: PublisherJob): Promise<PublisherReport> {
  const bus = await connectBus({ url: job.natsUrl, namespace: busNamespace(job.namespace), name: 'bench-gateway' });
  try {
    // Publishing alone: a consumer that is always caught up.
    const consumed = job.consumed ? new Int32Array(job.consumed) : Int32Array.of(job.events);
    const makeEnvelope = envelopeFactory(job.payloadBytes, job.guilds);
    const encoder = new TextEncoder();
    const pipeline = bus.pipeline({ window: job.window });
    const startedAt = clockMs();
    let measuredFrom = startedAt;
    let cpuFrom = process.cpuUsage();
    let stalled = false;
    let sent = 0;
    for (let n = 0; n < job.events; n++) {
      // Paced events carry the instant they were due, so falling behind shows as latency.
      let sentAt = clockMs();
      if (job.rate > 0) {
        const dueAt = startedAt + (n * 1000) / job.rate;
        if (dueAt > sentAt) await sleep(dueAt - sentAt);
        sentAt = dueAt;
      }
      if (n - Atomics.load(consumed, 0) >= job.maxAhead && !(await waitForConsumer(consumed, n, job))) {
        stalled = true;
        break;
      }
      if (n === job.warmupEvents) [measuredFrom, cpuFrom] = [sentAt, process.cpuUsage()];
      const envelope = makeEnvelope(n, sentAt);
      const subject = bus.subjects.dispatch(envelope.t, envelope.guildId);
      if (job.transport === 'core') bus.connection.publish(subject, encoder.encode(JSON.stringify(envelope)));
      else if (!pipeline.publish(subject, envelope, { msgId: envelope.id })) await pipeline.ready();
      sent++;
    }
    if (job.transport === 'core') {
      await bus.connection.flush();
      const finishedAt = clockMs();
      return {
        startedAt,
        measuredFrom,
        finishedAt,
        processCpuMicros: cpuMicros(process.cpuUsage(cpuFrom)),
        published: sent,
        duplicates: 0,
        failures: 0,
        firstFailure: undefined,
        stalled,
      };
    }
    const result = await pipeline.flush();
    return {
      startedAt,
      measuredFrom,
      finishedAt: clockMs(),
      processCpuMicros: cpuMicros(process.cpuUsage(cpuFrom)),
      published: result.acknowledged - result.duplicates,
      duplicates: result.duplicates,
      failures: result.failures.length,
      firstFailure: result.failures[0]?.error.message,
      stalled,
    };
  } finally {
    await bus.close();
  }
}

parentPort?.postMessage(await publish(workerData as PublisherJob));
