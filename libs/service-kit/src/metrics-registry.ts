import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry for one service: Node's default process metrics are collected into it,
 * and every metric in it carries the label `service=<service>`.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
