import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

const DECLARATION = /new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name: '([a-z][a-z0-9_]*)'/g;

/** Every metric the code declares to prom-client (`new Histogram({ name: 'x_seconds', … })`) under `root`'s libs and services, with its type. */
export function declaredMetrics(root: string): Map<string, MetricType> {
  const metrics = new Map<string, MetricType>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'dist' || entry === 'test') continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        for (const match of readFileSync(path, 'utf8').matchAll(DECLARATION))
          metrics.set(match[2] as string, (match[1] as string).toLowerCase() as MetricType);
    }
  };
  for (const top of ['libs', 'services']) walk(join(root, top));
  return metrics;
}

/** Prometheus's default metrics of every Node service (prom-client's collectDefaultMetrics) that dashboards read. */
const DEFAULT_METRICS = new Map<string, MetricType>([
  ['process_cpu_seconds_total', 'counter'],
  ['process_resident_memory_bytes', 'gauge'],
  ['nodejs_eventloop_lag_p99_seconds', 'gauge'],
  ['up', 'gauge'],
]);

/**
 * Why `series` (a name a query reads) is not one the services expose, or null when it is: a histogram
 * is read through its `_bucket`, `_sum` or `_count` series, anything else by its own name.
 */
export function exposureProblem(series: string, declared: ReadonlyMap<string, MetricType>): string | null {
  if (DEFAULT_METRICS.has(series)) return null;
  const own = declared.get(series);
  if (own === 'counter' || own === 'gauge') return null;
  if (own) return `${series} is a ${own}: read ${series}_bucket, _sum or _count`;
  const suffix = /_(bucket|sum|count)$/.exec(series);
  const name = suffix ? series.slice(0, suffix.index) : undefined;
  const base = name === undefined ? undefined : declared.get(name);
  if (base === 'histogram' || base === 'summary') return null;
  if (base) return `${name} is a ${base}: it has no ${suffix?.[0]} series`;
  return `${series} is not declared by any service`;
}
