import type pg from 'pg';
import { Counter, Gauge, register as globalRegistry, Histogram, type Registry } from 'prom-client';

/** The `db_` metrics of one registry, shared by every pool created against it. */
export interface PoolMetrics {
  readonly queryDuration: Histogram<'schema' | 'outcome'>;
  readonly poolErrors: Counter<'schema'>;
  /** Reports the pool's connection counts under its schema until the pool is ended. */
  track(schema: string, pool: pg.Pool): void;
}

const metricsByRegistry = new WeakMap<Registry, PoolMetrics>();

/** Creates the metrics once per registry, so many pools (and many tests) can share one. */
export function poolMetrics(registry: Registry = globalRegistry): PoolMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;

  const pools = new Set<{ schema: string; pool: pg.Pool }>();
  const poolGauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['schema'],
      registers: [registry],
      collect() {
        // Rebuilt at every scrape: the pools are the source of truth, and ended pools drop out.
        this.reset();
        for (const tracked of pools) {
          if (tracked.pool.ended) pools.delete(tracked);
          else this.inc({ schema: tracked.schema }, read(tracked.pool));
        }
      },
    });

  poolGauge('db_pool_connections', 'Open connections of the pool, idle or in use', (pool) => pool.totalCount);
  poolGauge('db_pool_idle_connections', 'Open connections of the pool waiting for work', (pool) => pool.idleCount);
  poolGauge(
    'db_pool_waiting_requests',
    'Requests for a connection queued because the pool is at its maximum',
    (pool) => pool.waitingCount,
  );

  const metrics: PoolMetrics = {
    queryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Time from sending a query to its result or error',
      labelNames: ['schema', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    poolErrors: new Counter({
      name: 'db_pool_errors_total',
      help: 'Errors of idle pooled connections, such as the server closing them',
      labelNames: ['schema'],
      registers: [registry],
    }),
    track(schema, pool) {
      pools.add({ schema, pool });
    },
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
