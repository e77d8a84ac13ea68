import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { World } from '../world/world.js';
import { ApplicationCommands } from './application-commands.js';
import { CDN_PREFIX, registerCdnRoute } from './cdn-route.js';
import { errorBody, restErrors } from './errors.js';
import { Faults } from './faults.js';
import { InteractionIndex } from './interaction-index.js';
import { DEFAULT_BUCKETS, type HttpMethod } from './rate-limits/bucket-table.js';
import type { RateLimitOptions } from './rate-limits/rate-limit-options.js';
import { RateLimiter } from './rate-limits/rate-limiter.js';
import { describeRoute } from './rate-limits/route-limits.js';
import { Responder } from './responder.js';
import { routeGate } from './route-gate.js';
import { routeHandler } from './route-handler.js';
import { allRoutes } from './routes/all-routes.js';
import type { SessionStartLimit } from './routes/route-deps.js';

/** Options of {@link createRestServer}. */
export interface RestServerOptions {
  world: World;
  /** Rate limits; Discord's defaults when omitted. */
  limits?: RateLimitOptions;
  /** Faults to inject; the server's own (initially none) when omitted. */
  faults?: Faults;
  /** The gateway URL `GET /gateway` announces (served by the gateway module). */
  gatewayUrl?: string;
  /** Shards `GET /gateway/bot` recommends. Default 1. */
  shards?: number;
  /** `max_concurrency` of `GET /gateway/bot`. Default 1. */
  maxConcurrency?: number;
  /** The session start budget of a bot, when the gateway tracks it. */
  sessionStartLimit?: (botId: string) => SessionStartLimit;
  /** The clock, epoch ms; share it with the world's. Default `Date.now`. */
  now?: () => number;
  logger?: FastifyServerOptions['logger'];
}

/** The simulated Discord REST API, its CDN, and the knobs tests and the control API turn. */
export interface RestServer {
  readonly app: FastifyInstance;
  readonly limiter: RateLimiter;
  readonly faults: Faults;
  readonly commands: ApplicationCommands;
  /** Every operation served, as `METHOD /template`. */
  readonly routes: readonly string[];
  /** Starts listening; resolves to the base URL, e.g. `http://127.0.0.1:41234`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Base URL; the API is under `${url}/api` and the CDN under `${url}/cdn` (the world's `cdnBaseUrl`). Throws before `listen`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Versions served: v10 and v9 as Discord does, and the bare `/api` prefix as the default version. */
const PREFIXES = ['/api/v10', '/api/v9', '/api'] as const;
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Creates the REST server: Discord's API v10 (and v9) over the world, with Discord's rate limits,
 * error shapes and faults on demand, and every answer recorded in the world's ground truth.
 */
export function createRestServer(options: RestServerOptions): RestServer {
  const { world } = options;
  const clock = options.now ?? Date.now;
  const limiter = new RateLimiter(options.limits);
  const faults = options.faults ?? new Faults();
  const commands = new ApplicationCommands();
  const interactions = new InteractionIndex(world, clock);
  const responder = new Responder(world, limiter, clock);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_UPLOAD_BYTES,
    // Clients percent-encode `@` in `@me` and `@original`; route on the decoded path.
    rewriteUrl: (request) => {
      const url = request.url ?? '/';
      return url.includes('%40') ? url.replaceAll('%40', '@') : url;
    },
  });
  app.decorateRequest('sim', null);
  app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 10 } });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);

  const routes = allRoutes({ world, commands, gateway: gatewayInfo(options) }, interactions);
  const gateDeps = { responder, limiter, faults, clock };
  for (const definition of routes) {
    const limited = describeRoute(definition.key, options.limits?.buckets ?? DEFAULT_BUCKETS);
    const onRequest = routeGate(gateDeps, definition, limited);
    const handler = routeHandler(responder, definition);
    const method = definition.key.slice(0, definition.key.indexOf(' ')) as HttpMethod;
    for (const prefix of PREFIXES) app.route({ method, url: prefix + limited.template, onRequest, handler });
  }
  registerCdnRoute(app, world);
  app.setNotFoundHandler((request, reply) => {
    const state = responder.stateOf(request);
    if (responder.rejectBanned(request, reply, state.now)) return reply;
    return responder.answer(request, reply, 404, errorBody(restErrors.notFound()));
  });
  app.setErrorHandler((error, request, reply) => responder.error(request, reply, error));

  const sweeper = setInterval(() => limiter.sweep(clock()), SWEEP_INTERVAL_MS);
  sweeper.unref();
  let baseUrl: string | undefined;

  return {
    app,
    limiter,
    faults,
    commands,
    routes: routes.map((definition) => definition.key),
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      // Attachment and avatar URLs the world hands out point at this server's CDN route from now on.
      world.cdnBaseUrl = `${baseUrl}${CDN_PREFIX}`;
      return baseUrl;
    },
    get url() {
      if (baseUrl === undefined) throw new Error('The REST server is not listening yet');
      return baseUrl;
    },
    async close() {
      clearInterval(sweeper);
      interactions.close();
      await app.close();
    },
  };
}

/** JSON bodies as Discord reads them: an empty body is no body, a malformed one is 50109. */
function parseJsonBody(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
) {
  if (body === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body as string));
  } catch {
    done(restErrors.invalidJson());
  }
}

function gatewayInfo(options: RestServerOptions) {
  return {
    url: options.gatewayUrl ?? 'ws://127.0.0.1:0',
    shards: options.shards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    ...(options.sessionStartLimit ? { sessionStartLimit: options.sessionStartLimit } : {}),
  };
}
