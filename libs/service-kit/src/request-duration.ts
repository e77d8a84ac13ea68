import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

/**
 * Observes every request's duration in `http_request_duration_seconds`, labelled by method, route
 * template (`/things/:id`, never the raw URL) and status. Requests that match no route share the
 * route label `unmatched`.
 */
export function observeRequestDurations(app: FastifyInstance, registry: Registry): void {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests from arrival to response sent, by route template and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
}
