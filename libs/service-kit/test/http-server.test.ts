import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createHttpServer,
  createLogger,
  createMetricsRegistry,
  degraded,
  HttpError,
  type HttpServer,
  type HttpServerOptions,
  parseInput,
} from '../src/index.js';

const logLines: string[] = [];
const logger = createLogger({ service: 'things', destination: { write: (line) => logLines.push(line) } });
let app: HttpServer | undefined;

function server(options: Partial<HttpServerOptions> = {}): HttpServer {
  app = createHttpServer({ logger, registry: createMetricsRegistry('things'), ...options });
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('health endpoints', () => {
  it('answers /healthz while the process is alive', async () => {
    const response = await server().inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'alive' });
  });

  it('answers /readyz 200 with each check when all pass', async () => {
    const response = await server({ readiness: { nats: async () => {}, postgres: () => true } }).inject('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      checks: { nats: { ok: true }, postgres: { ok: true } },
    });
  });

  it('answers /readyz 503 naming the checks that fail and why', async () => {
    const response = await server({
      readinessTimeoutMs: 100,
      readiness: {
        nats: async () => {},
        postgres: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
        redis: () => sleep(5_000),
        cache: () => false,
      },
    }).inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not ready',
      checks: {
        nats: { ok: true },
        postgres: { ok: false, reason: 'connect ECONNREFUSED 127.0.0.1:5432' },
        redis: { ok: false, reason: 'timed out after 100 ms' },
        cache: { ok: false, reason: 'check returned false' },
      },
    });
    expect(logLines.join('')).toContain('not ready');
  });

  it('answers /readyz 200 but degraded when a check says the service serves on without its dependency', async () => {
    const response = await server({
      readiness: { nats: () => true, redis: () => degraded('Redis unreachable: serving on the local share') },
    }).inject('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      degraded: true,
      checks: { nats: { ok: true }, redis: { ok: true, degraded: 'Redis unreachable: serving on the local share' } },
    });
  });

  it('answers /readyz 503 once shutdown has begun', async () => {
    const shutdown = new AbortController();
    const app = server({ shutdownSignal: shutdown.signal });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    shutdown.abort();
    const response = await app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'shutting down' });
  });
});

describe('/metrics', () => {
  it('serves default metrics and request durations labelled by route template', async () => {
    const app = server();
    app.get('/things/:id', async (request) => request.params);
    expect((await app.inject('/things/123')).statusCode).toBe(200);
    await app.inject('/nowhere/456');

    const response = await app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('process_cpu_user_seconds_total{service="things"}');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{service="things",method="GET",route="\/things\/:id",status_code="200"\} 1/,
    );
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain('/things/123');
    expect(text).not.toContain('/nowhere/456');
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 JSON', async () => {
    const response = await server().inject('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'no route for GET /nowhere' });
  });

  it('answers a body that fails its schema with 400 and the issues', async () => {
    const app = server();
    const thing = z.object({ name: z.string().min(1), size: z.number().int().positive() });
    app.post('/things', async (request) => parseInput(thing, request.body, 'body'));

    const bad = await app.inject({ method: 'POST', url: '/things', payload: { name: '', size: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: 'invalid body',
      issues: [
        { path: 'name', message: expect.stringMatching(/>=1 characters/) },
        { path: 'size', message: expect.stringMatching(/>0/) },
      ],
    });
    const good = await app.inject({ method: 'POST', url: '/things', payload: { name: 'tent', size: 2 } });
    expect(good.statusCode).toBe(200);
  });

  it('answers malformed JSON with 400 and a reason', async () => {
    const app = server();
    app.post('/things', async () => ({}));
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/JSON/);
  });

  it('answers a thrown HttpError with its status and details', async () => {
    const app = server();
    app.get('/exports/:id', async (request) => {
      throw new HttpError(404, 'no such export', { exportId: (request.params as { id: string }).id });
    });
    const response = await app.inject('/exports/9');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'no such export', exportId: '9' });
  });

  it('answers an unexpected failure with 500 without its details, and logs it', async () => {
    const app = server();
    app.get('/boom', async () => {
      throw new Error('pool exhausted at postgres://app:hunter2@db/app');
    });
    const response = await app.inject('/boom');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal error' });
    const logged = logLines.join('');
    expect(logged).toContain('pool exhausted');
    expect(logged).not.toContain('hunter2');
  });
});
