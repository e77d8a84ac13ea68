import { connectBus } from '@platform/bus';
import { busNamespace, platformStreams } from '@platform/contracts';
import { createTestBusNamespace } from '@platform/testkit';
import { ratePerSecond } from '../stats.js';
import { firstMessage, startWorker } from '../worker.js';
import type { PublisherJob, PublisherReport } from './bus-publisher.js';

/** Runs the bus benchmark's publisher in a worker thread of its own; resolves with its report. */
export function publishInWorker(job: PublisherJob): Promise<PublisherReport> {
  const worker = startWorker(new URL('./bus-publisher.ts', import.meta.url), job);
  // The publisher gives up by itself when its consumer stalls, so its report always comes.
  return firstMessage<PublisherReport>(worker).finally(() => worker.terminate());
}

export interface PublishRateOptions {
  natsUrl: string;
  /** Events measured. */
  events: number;
  /** Events published before the measured ones. */
  warmupEvents: number;
  /** Size of one encoded envelope. */
  payloadBytes: number;
  /** Guilds the events are spread over (one subject each). */
  guilds: number;
  /** Publishes awaiting their JetStream ack at most. */
  window: number;
}

export interface PublishRate {
  /** Stored by the server, warm-up included. */
  published: number;
  failures: number;
  firstFailure: string | undefined;
  /** Measured events over the time from the first of them to the last ack. */
  eventsPerSecond: number;
  /** CPU time per measured event, µs: the publisher's thread, the process's other threads idle. */
  cpuUsPerEvent: number;
  payloadBytes: number;
}

/**
 * The bus benchmark's JetStream publish alone, with no consumer: envelopes of `payloadBytes` through
 * `@platform/bus`'s pipeline onto the file-stored Discord stream of a namespace of its own, deleted afterwards.
 */
export async function measurePublishRate(options: PublishRateOptions): Promise<PublishRate> {
  const namespace = createTestBusNamespace('bench', options.natsUrl);
  try {
    const bus = await connectBus({ url: options.natsUrl, namespace: busNamespace(namespace.name), name: 'bench' });
    try {
      await bus.ensureStream(platformStreams(bus.namespace).discord);
    } finally {
      await bus.close();
    }
    const report = await publishInWorker({
      natsUrl: options.natsUrl,
      namespace: namespace.name,
      transport: 'jetstream',
      events: options.warmupEvents + options.events,
      warmupEvents: options.warmupEvents,
      rate: 0,
      window: options.window,
      maxAhead: Number.POSITIVE_INFINITY,
      payloadBytes: options.payloadBytes,
      guilds: options.guilds,
      stallTimeoutMs: 0,
    });
    return {
      published: report.published,
      failures: report.failures,
      firstFailure: report.firstFailure,
      eventsPerSecond: ratePerSecond(report.published - options.warmupEvents, report.measuredFrom, report.finishedAt),
      cpuUsPerEvent: report.processCpuMicros / (report.published - options.warmupEvents),
      payloadBytes: options.payloadBytes,
    };
  } finally {
    await namespace.clear();
  }
}
