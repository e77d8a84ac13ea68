import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, createLogger, createMetricsRegistry, type HttpServer, requireBearer } from '../src/index.js';

const TOKEN = 'internal-token-for-tests';
let app: HttpServer;

beforeAll(() => {
  app = createHttpServer({
    logger: createLogger({ service: 'auth', level: 'silent' }),
    registry: createMetricsRegistry('auth'),
  });
  app.get('/internal/things', { onRequest: requireBearer(TOKEN) }, async () => ({ things: [] }));
  // A whole group of routes behind one hook.
  app.register(async (api) => {
    api.addHook('onRequest', requireBearer(TOKEN));
    api.post('/internal/jobs', async () => ({ queued: true }));
  });
});

afterAll(() => app.close());

const call = (url: string, authorization?: string) =>
  app.inject({ method: url.endsWith('jobs') ? 'POST' : 'GET', url, headers: authorization ? { authorization } : {} });

describe('requireBearer', () => {
  it('refuses a request without Authorization with 401 and the reason', async () => {
    const response = await call('/internal/things');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json().error).toMatch(/missing Authorization header/);
  });

  it('refuses a wrong token or another scheme', async () => {
    const wrong = await call('/internal/things', 'Bearer internal-token-for-test');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'wrong bearer token' });
    const basic = await call('/internal/things', `Basic ${TOKEN}`);
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error).toMatch(/Bearer <token>/);
  });

  it('lets the right token through, on single routes and route groups', async () => {
    expect((await call('/internal/things', `Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await call('/internal/jobs', `Bearer ${TOKEN}`)).json()).toEqual({ queued: true });
    expect((await call('/internal/jobs')).statusCode).toBe(401);
  });

  it('leaves health and metrics open', async () => {
    expect((await call('/healthz')).statusCode).toBe(200);
    expect((await call('/readyz')).statusCode).toBe(200);
    expect((await call('/metrics')).statusCode).toBe(200);
  });
});
