import { Counter, register as globalRegistry, Histogram, type Registry } from 'prom-client';

/**
 * The `cache_` metrics of one registry, labelled by cache name. Each get counts once as a hit, a miss,
 * a coalesced wait on this process's own load, or a bypass (Redis unavailable); a miss then either loads
 * or receives the value another replica loaded (coalesced with scope `replica`).
 */
export interface CacheMetrics {
  readonly hits: Counter<'cache'>;
  readonly misses: Counter<'cache'>;
  readonly coalesced: Counter<'cache' | 'scope'>;
  readonly bypasses: Counter<'cache'>;
  readonly loadDuration: Histogram<'cache'>;
  readonly loadErrors: Counter<'cache'>;
  readonly lockWaitTimeouts: Counter<'cache'>;
  readonly staleStoresSkipped: Counter<'cache'>;
}

const metricsByRegistry = new WeakMap<Registry, CacheMetrics>();

/** Creates the metrics once per registry, so many caches (and many tests) can share one. */
export function cacheMetrics(registry: Registry = globalRegistry): CacheMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: CacheMetrics = {
    hits: new Counter({ name: 'cache_hits_total', help: 'Gets answered from Redis', labelNames: ['cache'], registers }),
    misses: new Counter({
      name: 'cache_misses_total',
      help: 'Gets that found no value in Redis',
      labelNames: ['cache'],
      registers,
    }),
    coalesced: new Counter({
      name: 'cache_coalesced_total',
      help: 'Gets that waited for a load already running, in this process or in another replica',
      labelNames: ['cache', 'scope'],
      registers,
    }),
    bypasses: new Counter({
      name: 'cache_bypasses_total',
      help: 'Gets served by loading directly because Redis was unavailable',
      labelNames: ['cache'],
      registers,
    }),
    loadDuration: new Histogram({
      name: 'cache_load_duration_seconds',
      help: 'Duration of loads of missing values, failed ones included',
      labelNames: ['cache'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    loadErrors: new Counter({
      name: 'cache_load_errors_total',
      help: 'Loads that threw; their error reached every waiting caller and nothing was cached',
      labelNames: ['cache'],
      registers,
    }),
    lockWaitTimeouts: new Counter({
      name: 'cache_lock_wait_timeouts_total',
      help: 'Gets that stopped waiting for another replica to load and loaded themselves',
      labelNames: ['cache'],
      registers,
    }),
    staleStoresSkipped: new Counter({
      name: 'cache_stale_stores_skipped_total',
      help: 'Loaded values not stored because their key or a tag was invalidated while loading',
      labelNames: ['cache'],
      registers,
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
