import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The bus's Prometheus metrics. Labels are stream and consumer names and a subject's first
 * token, never whole subjects: those carry guild and message ids.
 */
export interface BusMetrics {
  published: Counter<'stream' | 'subject_root' | 'duplicate'>;
  publishFailures: Counter<'subject_root'>;
  consumed: Counter<'stream' | 'consumer'>;
  redelivered: Counter<'stream' | 'consumer'>;
  acked: Counter<'stream' | 'consumer'>;
  nacked: Counter<'stream' | 'consumer'>;
  deadLettered: Counter<'stream' | 'consumer' | 'reason'>;
  deadLetterFailures: Counter<'stream' | 'consumer'>;
  pending: Gauge<'stream' | 'consumer'>;
  ackPending: Gauge<'stream' | 'consumer'>;
  inFlight: Gauge<'stream' | 'consumer'>;
  processingSeconds: Histogram<'stream' | 'consumer' | 'outcome'>;
}

// prom-client refuses to register a name twice, and tests build many buses on one registry.
const byRegistry = new WeakMap<Registry, BusMetrics>();

export function busMetrics(registry: Registry): BusMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const consumerLabels = ['stream', 'consumer'] as const;
  const metrics: BusMetrics = {
    published: new Counter({
      name: 'bus_published_total',
      help: 'Messages stored by JetStream, by stream, first subject token, and whether the server dropped it as a duplicate',
      labelNames: ['stream', 'subject_root', 'duplicate'],
      registers,
    }),
    publishFailures: new Counter({
      name: 'bus_publish_failures_total',
      help: 'Publishes the server did not acknowledge (no stream, timeout, NATS unreachable)',
      labelNames: ['subject_root'],
      registers,
    }),
    consumed: new Counter({
      name: 'bus_consumed_total',
      help: 'Messages handed to a handler',
      labelNames: consumerLabels,
      registers,
    }),
    redelivered: new Counter({
      name: 'bus_redelivered_total',
      help: 'Messages received again after a nak, a crash or an expired ack wait',
      labelNames: consumerLabels,
      registers,
    }),
    acked: new Counter({
      name: 'bus_acked_total',
      help: 'Messages whose handler succeeded',
      labelNames: consumerLabels,
      registers,
    }),
    nacked: new Counter({
      name: 'bus_nacked_total',
      help: 'Messages whose handler failed and that will be retried after a backoff',
      labelNames: consumerLabels,
      registers,
    }),
    deadLettered: new Counter({
      name: 'bus_dead_lettered_total',
      help: 'Messages moved to the dead-letter stream, by reason class',
      labelNames: ['stream', 'consumer', 'reason'],
      registers,
    }),
    deadLetterFailures: new Counter({
      name: 'bus_dead_letter_failures_total',
      help: 'Messages that should have been dead-lettered but the dead-letter publish failed',
      labelNames: consumerLabels,
      registers,
    }),
    pending: new Gauge({
      name: 'bus_consumer_pending',
      help: 'Messages in the stream not yet delivered to the consumer',
      labelNames: consumerLabels,
      registers,
    }),
    ackPending: new Gauge({
      name: 'bus_consumer_ack_pending',
      help: 'Messages delivered to the consumer and not yet acknowledged',
      labelNames: consumerLabels,
      registers,
    }),
    inFlight: new Gauge({
      name: 'bus_in_flight',
      help: 'Handlers running now in this process',
      labelNames: consumerLabels,
      registers,
    }),
    processingSeconds: new Histogram({
      name: 'bus_processing_seconds',
      help: 'Time from a message reaching the handler to its ack, nak or dead letter',
      labelNames: ['stream', 'consumer', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

/** The first token of a subject after the namespace: `discord`, `export`, `deadletter`... */
export function subjectRoot(subject: string, namespace: string): string {
  const rest = namespace && subject.startsWith(`${namespace}.`) ? subject.slice(namespace.length + 1) : subject;
  const dot = rest.indexOf('.');
  return dot === -1 ? rest : rest.slice(0, dot);
}
