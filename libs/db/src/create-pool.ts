import pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { assertIdentifier } from './identifier.js';
import { poolMetrics } from './pool-metrics.js';
import { timeQueries } from './query-timing.js';

export interface CreatePoolOptions {
  connectionString: string;
  /** The service's schema; every connection resolves unqualified names in it and nowhere else. */
  schema: string;
  /** Most connections open at once; defaults to 10. */
  max?: number;
  /** Shown in `pg_stat_activity`; defaults to the schema. */
  applicationName?: string;
  /** Where the `db_` metrics go; defaults to prom-client's global registry. */
  registry?: Registry;
  /** Receives errors of idle connections, which would otherwise crash the process. */
  logger?: Logger;
}

/** A pg Pool confined to one service schema, reporting connection counts and query durations. */
export function createPool(options: CreatePoolOptions): pg.Pool {
  const schema = assertIdentifier(options.schema, 'schema name');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? schema,
    // A startup parameter rather than a SET after connect: it holds from the first query, with no extra round trip.
    options: `-c search_path=${schema}`,
  });

  const metrics = poolMetrics(options.registry);
  metrics.track(schema, pool);
  pool.on('connect', (client) => {
    timeQueries(client, (seconds, ok) =>
      metrics.queryDuration.observe({ schema, outcome: ok ? 'ok' : 'error' }, seconds),
    );
  });
  pool.on('error', (error) => {
    metrics.poolErrors.inc({ schema });
    options.logger?.warn({ err: error, schema }, 'idle database connection failed; the pool will open a new one');
  });
  return pool;
}
