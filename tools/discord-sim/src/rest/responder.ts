import type { FastifyReply, FastifyRequest } from 'fastify';
import { type SimBot, SimDiscordError, type World } from '../world/world.js';
import { errorBody, restErrors } from './errors.js';
import { bannedAnswer, bucketHeaders, type RateLimitScope, tooManyRequests } from './rate-limit-answers.js';
import type { RateLimiter } from './rate-limits/rate-limiter.js';
import type { RequestState } from './request-state.js';

const BOT_PREFIX = 'Bot ';

/**
 * Sends every answer of the REST server, so each one gets its bucket's headers, a record in the ground
 * truth, and a place in the invalid request count (401, 403, and 429 other than the shared scope).
 */
export class Responder {
  constructor(
    private readonly world: World,
    private readonly limiter: RateLimiter,
    private readonly clock: () => number,
  ) {}

  /** The bot of an `Authorization: Bot <token>` header. */
  authenticate(header: string | undefined): SimBot | undefined {
    return header?.startsWith(BOT_PREFIX) ? this.world.botByToken(header.slice(BOT_PREFIX.length)) : undefined;
  }

  answer(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown, shared429 = false): FastifyReply {
    const state = this.stateOf(request);
    if (state.bucket) reply.headers(bucketHeaders(state.bucket, state.now));
    this.world.truth.recordRequest({
      botId: state.bot?.user.id ?? null,
      method: request.method,
      route: state.route,
      status,
      at: state.now,
    });
    if (this.limiter.enabled && (status === 401 || status === 403 || (status === 429 && !shared429))) {
      this.limiter.invalidRequests.record(request.ip, state.now);
    }
    reply.code(status);
    return status === 204 ? reply.send() : reply.send(body);
  }

  /** Discord's answer to an error: a {@link SimDiscordError} as it is, a parse error as Discord words it. */
  error(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    if (error instanceof SimDiscordError) return this.answer(request, reply, error.status, errorBody(error));
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return this.answer(request, reply, 413, errorBody(restErrors.payloadTooLarge()));
    if (status === 400) return this.answer(request, reply, 400, errorBody(restErrors.invalidJson()));
    if (status > 400 && status < 500) return this.answer(request, reply, 400, errorBody(restErrors.badRequest()));
    request.log.error({ err: error }, 'unhandled error in the REST simulator');
    return this.answer(request, reply, 500, errorBody(restErrors.internal(500)));
  }

  /** A 429 of `scope`; the bucket's headers go with it unless it is global. */
  rateLimited(request: FastifyRequest, reply: FastifyReply, scope: RateLimitScope, retryAfterMs: number): void {
    const state = request.sim as RequestState;
    const limited = tooManyRequests(scope, retryAfterMs, state.bucket, state.now);
    state.bucket = null;
    reply.headers(limited.headers);
    this.answer(request, reply, 429, limited.body, scope === 'shared');
  }

  /** Answers a banned IP as Cloudflare does, before Discord sees the request; false when it is not banned. */
  rejectBanned(request: FastifyRequest, reply: FastifyReply, now: number): boolean {
    if (!this.limiter.enabled) return false;
    const bannedUntil = this.limiter.invalidRequests.bannedUntil(request.ip, now);
    if (bannedUntil === 0) return false;
    const banned = bannedAnswer(bannedUntil, now);
    reply.headers(banned.headers);
    this.answer(request, reply, 429, banned.body, true);
    return true;
  }

  /** The state the route gate left; for a request no gate saw (unknown route), one whose path stands for its route. */
  stateOf(request: FastifyRequest): RequestState {
    if (request.sim) return request.sim;
    const state: RequestState = {
      route: request.url.replace(/^\/api(\/v\d+)?/, '').split('?')[0] ?? '',
      bot: this.authenticate(request.headers.authorization) ?? null,
      now: this.clock(),
      bucket: null,
    };
    request.sim = state;
    return state;
  }
}
