import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The service's own metrics, `gateway_ingest_*`. */
export function gatewayMetrics(registry: Registry) {
  const registers = [registry];
  return {
    events: new Counter({
      name: 'gateway_ingest_events_total',
      help: 'Dispatches received from the gateway, by event type',
      labelNames: ['type'] as const,
      registers,
    }),
    published: new Counter({
      name: 'gateway_ingest_published_total',
      help: 'Envelopes stored by JetStream (duplicates dropped by the server included)',
      registers,
    }),
    publishLatency: new Histogram({
      name: 'gateway_ingest_publish_latency_seconds',
      help: 'From receipt of a dispatch to its acknowledgement by JetStream, buffering included',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60],
      registers,
    }),
    bufferSize: new Gauge({
      name: 'gateway_ingest_buffer_events',
      help: 'Events waiting to be published',
      registers,
    }),
    bufferBytes: new Gauge({
      name: 'gateway_ingest_buffer_bytes',
      help: 'Encoded size of the events waiting to be published',
      registers,
    }),
    bufferDropped: new Counter({
      name: 'gateway_ingest_buffer_dropped_total',
      help: 'Events lost because the buffer was full',
      registers,
    }),
    shardState: new Gauge({
      name: 'gateway_ingest_shard_state',
      help: '1 for the state each shard held by this replica is in',
      labelNames: ['shard', 'state'] as const,
      registers,
    }),
    heartbeatLatency: new Histogram({
      name: 'gateway_ingest_heartbeat_latency_seconds',
      help: 'Gateway heartbeat round trip',
      labelNames: ['shard'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    reconnects: new Counter({
      name: 'gateway_ingest_reconnects_total',
      help: 'Gateway connections closed and reopened',
      labelNames: ['shard'] as const,
      registers,
    }),
    resumes: new Counter({
      name: 'gateway_ingest_resumes_total',
      help: 'Sessions resumed',
      labelNames: ['shard'] as const,
      registers,
    }),
    identifies: new Counter({
      name: 'gateway_ingest_identifies_total',
      help: 'New sessions started with IDENTIFY',
      labelNames: ['shard'] as const,
      registers,
    }),
    leaseChanges: new Counter({
      name: 'gateway_ingest_lease_changes_total',
      help: 'Shard leases claimed, released or lost by this replica',
      labelNames: ['change'] as const,
      registers,
    }),
    leasesHeld: new Gauge({
      name: 'gateway_ingest_leases_held',
      help: 'Shard leases this replica holds',
      registers,
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;

export const SHARD_STATES = ['connecting', 'ready', 'resumed', 'disconnected', 'reconnecting'] as const;
