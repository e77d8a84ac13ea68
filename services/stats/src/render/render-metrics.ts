import { Histogram, type Registry } from 'prom-client';

/** What is rendered: a timeline chart or a heatmap. */
export type RenderKind = 'chart' | 'heatmap';

/** `stats_render_duration_seconds{kind}`: spec to PNG, which holds the event loop while it runs. */
export function renderDurationHistogram(registry: Registry): Histogram<'kind'> {
  const existing = registry.getSingleMetric('stats_render_duration_seconds');
  if (existing) return existing as Histogram<'kind'>;
  return new Histogram({
    name: 'stats_render_duration_seconds',
    help: 'Time to render a chart specification to PNG (vega to SVG, resvg to PNG), by kind',
    labelNames: ['kind'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
