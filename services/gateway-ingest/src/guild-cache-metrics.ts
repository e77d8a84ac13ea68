import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Metrics of the guild cache writer, `gateway_ingest_cache_*`. */
export function guildCacheMetrics(registry: Registry) {
  const registers = [registry];
  return {
    writes: new Counter({
      name: 'gateway_ingest_cache_writes_total',
      help: 'Dispatches applied to the guild cache in Redis',
      registers,
    }),
    errors: new Counter({
      name: 'gateway_ingest_cache_errors_total',
      help: 'Batches of cache writes that failed: Redis unavailable (retried) or a command refused (guilds resynced)',
      labelNames: ['reason'] as const,
      registers,
    }),
    dropped: new Counter({
      name: 'gateway_ingest_cache_dropped_total',
      help: 'Dispatches not queued for the cache because the queue was full',
      registers,
    }),
    skipped: new Counter({
      name: 'gateway_ingest_cache_skipped_total',
      help: 'Dispatches of guilds waiting for their next GUILD_CREATE after a loss, not applied',
      registers,
    }),
    queue: new Gauge({
      name: 'gateway_ingest_cache_queue_events',
      help: 'Dispatches waiting to be written to the guild cache',
      registers,
    }),
    staleGuilds: new Gauge({
      name: 'gateway_ingest_cache_stale_guilds',
      help: 'Guilds dropped from the cache until their next GUILD_CREATE',
      registers,
    }),
    lag: new Histogram({
      name: 'gateway_ingest_cache_lag_seconds',
      help: 'From receipt of a dispatch to its write in the guild cache',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers,
    }),
  };
}

export type GuildCacheMetrics = ReturnType<typeof guildCacheMetrics>;
