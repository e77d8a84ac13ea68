import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimBot } from '../world/world.js';
import { errorBody, restErrors } from './errors.js';
import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limits/rate-limiter.js';
import type { LimitedRoute } from './rate-limits/route-limits.js';
import type { RequestState } from './request-state.js';
import type { Responder } from './responder.js';
import type { RouteDefinition } from './route-definition.js';

export interface GateDeps {
  responder: Responder;
  limiter: RateLimiter;
  faults: Faults;
  clock: () => number;
}

/**
 * The `onRequest` hook of one route: what Discord (and Cloudflare in front of it) decide before
 * reading the body. A banned IP, then authentication, then injected latency, a forced shared 429, the
 * global and per-route limits, and an injected 5xx; a request that passes goes on to its handler.
 */
export function routeGate(deps: GateDeps, definition: RouteDefinition, limited: LimitedRoute) {
  const { responder, limiter, faults, clock } = deps;

  const admit = (request: FastifyRequest, reply: FastifyReply, done: () => void, state: RequestState) => {
    const params = request.params as Record<string, string>;
    const identity =
      definition.auth === 'bot' ? (state.bot as SimBot).user.id : definition.auth === 'none' ? `ip:${request.ip}` : '';
    // A shared resource's 429 comes before the bot's own limits and consumes none of them.
    const forced = faults.active ? faults.take429(definition.key, limited.bucketName) : -1;
    if (forced >= 0) {
      state.bucket = limiter.peek(limited, identity, params, state.now);
      responder.rateLimited(request, reply, 'shared', forced);
      return;
    }
    const decision = limiter.check(limited, identity, params, state.now);
    if (decision.outcome === 'global') {
      responder.rateLimited(request, reply, 'global', decision.retryAfterMs);
      return;
    }
    state.bucket = decision.bucket;
    if (decision.outcome === 'route') {
      responder.rateLimited(request, reply, 'user', decision.retryAfterMs);
      return;
    }
    const failure = faults.active ? faults.serverErrorFor(definition.key, limited.bucketName) : 0;
    if (failure > 0) {
      responder.answer(request, reply, failure, errorBody(restErrors.internal(failure)));
      return;
    }
    done();
  };

  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const arrived = clock();
    const bot = definition.auth === 'bot' ? (responder.authenticate(request.headers.authorization) ?? null) : null;
    const state: RequestState = { route: limited.template, bot, now: arrived, bucket: null };
    request.sim = state;
    if (responder.rejectBanned(request, reply, arrived)) return;
    if (definition.auth === 'bot' && !bot) {
      responder.answer(request, reply, 401, errorBody(restErrors.unauthorized()));
      return;
    }
    const delay = faults.active ? faults.latencyFor(definition.key, limited.bucketName) : 0;
    if (delay <= 0) {
      admit(request, reply, done, state);
      return;
    }
    // The latency stands for the network: the simulated Discord receives the request after it.
    setTimeout(() => {
      state.now = clock();
      admit(request, reply, done, state);
    }, delay);
  };
}
