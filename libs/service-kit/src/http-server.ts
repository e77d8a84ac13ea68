import {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  fastify,
  LogController,
} from 'fastify';
import type { Registry } from 'prom-client';
import { HttpError } from './http-error.js';
import type { Logger } from './logger.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';
import { observeRequestDurations } from './request-duration.js';

export type HttpServer = FastifyInstance;

export interface HttpServerOptions {
  logger: Logger;
  /** Served at /metrics; the request duration histogram is added to it. */
  registry: Registry;
  /** Dependencies /readyz checks, by name: `{ nats: () => nc.flush(), postgres: () => pool.query('SELECT 1') }`. */
  readiness?: Record<string, ReadinessCheck>;
  /** Time each readiness check may take; 1000 ms by default. */
  readinessTimeoutMs?: number;
  /** Once aborted (shutdown has begun), /readyz answers 503 so no new traffic is routed here. */
  shutdownSignal?: AbortSignal;
}

function sendError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message, ...error.details });
  // Fastify's own refusals (malformed JSON, body too large, wrong content type) carry a 4xx and a clear message.
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send({ error: error.message });
  }
  request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
  return reply.code(500).send({ error: 'internal error' });
}

/**
 * A fastify server with /healthz (the process is alive), /readyz (every dependency check passes
 * and shutdown has not begun), /metrics, request durations by route template, and JSON errors:
 * thrown {@link HttpError}s answer with their status, unknown routes with 404, anything else with 500.
 * Add the service's routes to it, then `listen({ host, port })`; close it in a shutdown stage.
 */
export function createHttpServer({
  logger,
  registry,
  readiness = {},
  readinessTimeoutMs = 1000,
  shutdownSignal,
}: HttpServerOptions): HttpServer {
  // Typed as fastify's base logger so the server is a plain FastifyInstance that routes and plugins accept.
  const loggerInstance: FastifyBaseLogger = logger;
  // Per-request lines would mostly be probes and scrapes; failures are logged by sendError.
  const app = fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  observeRequestDurations(app, registry);
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route for ${request.method} ${request.url}` }),
  );

  // Node closes only idle keep-alive connections on close(); one busy at that moment would then stay
  // open until its keep-alive timeout and hold close() up. Telling clients to reconnect on every
  // response once draining has begun lets each connection end with its last response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing || shutdownSignal?.aborted) reply.header('connection', 'close');
  });

  app.get('/healthz', async () => ({ status: 'alive' }));

  let wasReady: boolean | undefined;
  app.get('/readyz', async (_request, reply) => {
    if (shutdownSignal?.aborted) return reply.code(503).send({ status: 'shutting down' });
    const report = await checkReadiness(readiness, readinessTimeoutMs);
    if (report.ready !== wasReady) {
      // Logged on change only: probes come every few seconds.
      if (report.ready) logger.info({ checks: report.checks }, 'ready');
      else logger.warn({ checks: report.checks }, 'not ready');
      wasReady = report.ready;
    }
    return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'not ready', ...report });
  });

  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );

  return app;
}
