import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The ingest's own metrics, `stats_ingest_*` and friends; the bus adds its `bus_*` per consumer. */
export function ingestMetrics(registry: Registry) {
  const registers = [registry];
  return {
    events: new Counter({
      name: 'stats_ingest_events_total',
      help: 'Envelopes handled, by dispatch type and outcome (counted, ignored, excluded, expired, invalid)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    rows: new Counter({
      name: 'stats_ingest_rows_total',
      help: 'Raw rows staged, by kind and whether they were new or already stored (a redelivery)',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'stats_ingest_batch_seconds',
      help: 'Time to write one batch (one transaction), by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchSize: new Histogram({
      name: 'stats_ingest_batch_size',
      help: 'Envelopes per batch written',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000],
      registers,
    }),
    pending: new Gauge({
      name: 'stats_ingest_pending_events',
      help: 'Envelopes waiting for their batch to be written',
      registers,
    }),
    poison: new Counter({
      name: 'stats_ingest_poison_events_total',
      help: 'Envelopes a batch failed on because of their data, dead-lettered',
      registers,
    }),
    cappedSessions: new Counter({
      name: 'stats_voice_sessions_capped_total',
      help: 'Voice sessions closed at VOICE_SESSION_CAP because no leave came',
      registers,
    }),
    partitions: new Counter({
      name: 'stats_raw_partitions_total',
      help: 'Day partitions of the raw tables created and dropped',
      labelNames: ['change'] as const,
      registers,
    }),
    maintenanceFailures: new Counter({
      name: 'stats_maintenance_failures_total',
      help: 'Maintenance rounds (partitions, capped sessions) that failed; the next one tries again',
      registers,
    }),
  };
}

export type IngestMetrics = ReturnType<typeof ingestMetrics>;
