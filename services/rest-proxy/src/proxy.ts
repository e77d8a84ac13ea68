import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import { type DeadWebhooks, type InvalidRequestGuard, isInvalidRequest } from './guard.js';
import { type LimitAnswer, type Limiter, type ReserveRequest, readLimitHeaders } from './limiter/types.js';
import type { ProxyMetrics } from './metrics.js';
import { BotQueue, type Granted, Refusal, type RefusalReason } from './queue.js';
import { botIdFromToken, botTokenOf, describeRoute, type RouteInfo, sublimitRoute } from './routes.js';

/** Header on every answer the proxy makes itself, so callers tell it from Discord's. */
export const REFUSED_HEADER = 'x-proxy-refused';
/** Header on the proxy's own 502/504 when Discord could not be reached or timed out. */
export const ERROR_HEADER = 'x-proxy-error';
export const PRIORITY_HEADER = 'x-proxy-priority';
export const MAX_WAIT_HEADER = 'x-proxy-max-wait';

/** Priority of interaction callbacks: above anything a caller may ask for. */
const INTERACTION_PRIORITY = 1000;
const MAX_CALLER_PRIORITY = 100;
/** Methods Discord may safely be sent twice after a 5xx or a timeout. */
const SAFE_TO_REPEAT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Headers Discord reads, passed on as they came. */
const FORWARDED = ['authorization', 'content-type', 'x-audit-log-reason', 'user-agent', 'accept'];
/** Hop-by-hop headers: they describe one connection, not the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te']);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const REFUSAL_STATUS: Record<RefusalReason, number> = {
  queue_full: 503,
  wait_limit: 503,
  invalid_request_budget: 503,
  cancelled: 503,
  shutting_down: 503,
  token_locked: 401,
  unknown_token: 401,
  missing_token: 401,
  webhook_unknown: 404,
};

const REFUSAL_MESSAGE: Record<RefusalReason, string> = {
  queue_full: 'too many requests of this bot are waiting',
  wait_limit: 'the rate limits would not let this request through within its wait limit',
  invalid_request_budget: 'too many invalid requests (401, 403, 429) in 10 minutes; sending stopped to avoid a ban',
  cancelled: 'the request was cancelled',
  shutting_down: 'the proxy is shutting down; send the request again',
  token_locked: 'Discord answered 401 to this token; it is no longer used',
  unknown_token: 'this token is not one the proxy is configured with',
  missing_token: 'this route needs a bot token',
  webhook_unknown: 'this webhook answered 404 before',
};

export interface ProxyOptions {
  /** Discord's API base without the version, e.g. `https://discord.com/api`. */
  upstreamUrl: string;
  tokens: readonly string[];
  globalLimit: number;
  globalLimits?: Record<string, number>;
  limiter: Limiter;
  guard: InvalidRequestGuard;
  deadWebhooks: DeadWebhooks;
  metrics: ProxyMetrics;
  logger: Logger;
  queueLimit: number;
  maxWaitMs: number;
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  retryBackoffMs: number;
  rateLimitRetries: number;
  replayBodyMax: number;
  lockOn401: boolean;
  dispatcher?: Dispatcher;
}

type Body = Buffer | Readable | null;

interface Call {
  request: FastifyRequest;
  reply: FastifyReply;
  route: RouteInfo;
  bot: string;
  authorized: boolean;
  started: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

async function readBody(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > max) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The proxy: every `/api/...` request is checked (token, locks, dead webhooks, ban guard), waits in its bot's
 * queue until the limiter reserves a slot in its bucket and the bot's global limit, goes to Discord with its
 * body streamed (or held, when small, so it can be sent again), and Discord's answer comes back as it was.
 */
export class DiscordProxy {
  private readonly tokens = new Map<string, string>();
  private readonly queues = new Map<string, BotQueue>();
  private readonly dispatcher: Dispatcher;
  private readonly ownDispatcher: boolean;
  private readonly upstream: string;

  constructor(private readonly options: ProxyOptions) {
    for (const token of options.tokens) {
      const bot = botIdFromToken(token);
      if (bot) this.tokens.set(token, bot);
    }
    this.upstream = options.upstreamUrl.replace(/\/+$/, '');
    this.ownDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ connections: 256, keepAliveTimeout: 30_000 });
  }

  /** Bot ids the proxy sends for. */
  get bots(): string[] {
    return [...new Set(this.tokens.values())];
  }

  private globalLimitOf(bot: string): number {
    return this.options.globalLimits?.[bot] ?? this.options.globalLimit;
  }

  private queue(bot: string): BotQueue {
    let queue = this.queues.get(bot);
    if (!queue) {
      queue = new BotQueue(bot, {
        limiter: this.options.limiter,
        maxLength: this.options.queueLimit,
        onDepth: (b, depth) => this.options.metrics.queueDepth.set({ bot: b }, depth),
        onWait: (b, scope) => this.options.metrics.rateLimitWaits.inc({ bot: b, scope }),
      });
      this.queues.set(bot, queue);
    }
    return queue;
  }

  /** Registers the catch-all under `/api` in its own scope: bodies there are streamed, never parsed. */
  register(app: FastifyInstance): void {
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      const handler = (request: FastifyRequest, reply: FastifyReply) => this.handle(request, reply);
      for (const url of ['/api', '/api/*']) {
        scope.route({ method: [...METHODS], url, exposeHeadRoute: false, handler });
      }
    });
  }

  private refuse(call: Pick<Call, 'reply' | 'bot' | 'route' | 'request' | 'started'>, reason: RefusalReason) {
    const status = REFUSAL_STATUS[reason];
    this.options.metrics.refused.inc({ bot: call.bot, reason });
    this.count(call, status, 'proxy');
    const body =
      reason === 'webhook_unknown'
        ? { message: 'Unknown Webhook', code: 10015, error: REFUSAL_MESSAGE[reason], reason }
        : { error: REFUSAL_MESSAGE[reason], reason };
    return call.reply.code(status).header(REFUSED_HEADER, reason).send(body);
  }

  private count(call: Pick<Call, 'bot' | 'route' | 'request' | 'started'>, status: number, source: string): void {
    const labels = { bot: call.bot, method: call.request.method, route: call.route.template };
    this.options.metrics.requests.inc({ ...labels, status: String(status), source });
    this.options.metrics.total.observe(labels, (performance.now() - call.started) / 1000);
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const started = performance.now();
    const route = describeRoute(request.method, request.url);
    if (!route) return reply.code(404).send({ error: 'not a Discord API path' });
    const authorization = request.headers.authorization;
    const token = botTokenOf(authorization);
    const tokenInPath = route.webhookTokenRoute || route.path.startsWith('/interactions/');
    let bot: string;
    if (authorization !== undefined) {
      const known = token === null ? undefined : this.tokens.get(token);
      if (!known) {
        return this.refuse({ reply, request, route, bot: 'unknown', started }, 'unknown_token');
      }
      bot = known;
    } else if (tokenInPath) {
      bot = 'webhook';
    } else {
      return this.refuse({ reply, request, route, bot: 'none', started }, 'missing_token');
    }
    const call: Call = { request, reply, route, bot, authorized: authorization !== undefined, started };
    if (route.webhookTokenRoute && (await this.options.deadWebhooks.has(route.majorParameter))) {
      return this.refuse(call, 'webhook_unknown');
    }
    if (await this.options.guard.exhausted()) return this.refuse(call, 'invalid_request_budget');

    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });

    const method = request.method.toUpperCase();
    const declaredLength = request.headers['content-length'];
    const hasBody =
      method !== 'GET' &&
      method !== 'HEAD' &&
      ((declaredLength !== undefined && declaredLength !== '0') || request.headers['transfer-encoding'] !== undefined);
    let body: Body = null;
    let replayable = true;
    if (hasBody) {
      const length = Number(request.headers['content-length'] ?? Number.NaN);
      if (Number.isFinite(length) && length <= this.options.replayBodyMax) {
        body = await readBody(request.raw, this.options.replayBodyMax);
        if (body === null) return reply.code(413).send({ error: 'body larger than its content-length' });
      } else if (request.headers['transfer-encoding'] !== undefined || Number.isFinite(length)) {
        body = request.raw;
        replayable = false;
      }
    }

    const priority = route.interactionCallback
      ? INTERACTION_PRIORITY
      : Math.max(-MAX_CALLER_PRIORITY, Math.min(MAX_CALLER_PRIORITY, Number(request.headers[PRIORITY_HEADER]) || 0));
    const askedWait = Number(request.headers[MAX_WAIT_HEADER]);
    const maxWait =
      Number.isFinite(askedWait) && askedWait >= 0
        ? Math.min(askedWait, this.options.maxWaitMs)
        : this.options.maxWaitMs;
    const deadline = Date.now() + maxWait;
    const reserveRequest: ReserveRequest = {
      bot,
      route: sublimitRoute(route, Buffer.isBuffer(body) ? body : null),
      majorParameter: route.majorParameter,
      globalLimit: route.globalExempt || bot === 'webhook' ? null : this.globalLimitOf(bot),
      id: randomUUID(),
    };

    let rateLimited = 0;
    let failures = 0;
    let waited = 0;
    for (;;) {
      const queueStart = performance.now();
      let granted: Granted;
      try {
        granted = await this.queue(bot).acquire(reserveRequest, priority, deadline, abort.signal);
      } catch (error) {
        if (error instanceof Refusal) {
          if (error.reason === 'cancelled') return reply;
          return this.refuse(call, error.reason);
        }
        throw error;
      }
      waited += performance.now() - queueStart;
      if (granted.globalRemaining !== null) this.options.metrics.globalRemaining.set({ bot }, granted.globalRemaining);

      const sent = performance.now();
      let response: Dispatcher.ResponseData;
      // undici's own headers timeout runs on a timer of about 1 s resolution; this one is exact. It is
      // cleared once the headers are in, so a long answer body is not cut (bodyTimeout covers stalls).
      const upstreamAbort = new AbortController();
      const forwardAbort = () => upstreamAbort.abort();
      abort.signal.addEventListener('abort', forwardAbort, { once: true });
      let headersTimedOut = false;
      const headersTimer = setTimeout(() => {
        headersTimedOut = true;
        upstreamAbort.abort();
      }, this.options.upstreamTimeoutMs);
      try {
        response = await undiciRequest(`${this.upstream}${route.upstreamPath}${this.query(request.url)}`, {
          method: method as Dispatcher.HttpMethod,
          headers: this.forwardedHeaders(request, body),
          body,
          dispatcher: this.dispatcher,
          headersTimeout: this.options.upstreamTimeoutMs,
          bodyTimeout: this.options.upstreamTimeoutMs,
          signal: upstreamAbort.signal,
        });
      } catch (error) {
        await this.options.limiter.release(reserveRequest, granted.bucket).catch(() => {});
        this.queue(bot).pump();
        if (abort.signal.aborted) return reply;
        const timedOut = headersTimedOut || (error instanceof Error && /timeout/i.test(error.name + error.message));
        if (replayable && SAFE_TO_REPEAT.has(method) && failures < this.options.upstreamRetries) {
          failures++;
          this.options.metrics.retries.inc({ bot, reason: timedOut ? 'timeout' : 'network' });
          await sleep(this.backoff(failures), abort.signal);
          continue;
        }
        this.options.logger.warn(
          { bot, method, route: route.template, err: error instanceof Error ? error.message : String(error) },
          'discord unreachable',
        );
        this.observeWait(bot, waited);
        this.count(call, timedOut ? 504 : 502, 'proxy');
        return reply
          .code(timedOut ? 504 : 502)
          .header(ERROR_HEADER, timedOut ? 'upstream_timeout' : 'upstream_unreachable')
          .send({ error: timedOut ? 'Discord did not answer in time' : 'Discord could not be reached' });
      } finally {
        clearTimeout(headersTimer);
      }
      const labels = { bot, method, route: route.template };
      this.options.metrics.upstream.observe(labels, (performance.now() - sent) / 1000);
      const status = response.statusCode;

      let answer: LimitAnswer;
      let bufferedBody: Buffer | null = null;
      if (status === 429) {
        bufferedBody = Buffer.from(await response.body.arrayBuffer());
        let parsed: { retry_after?: unknown; global?: unknown } | undefined;
        try {
          parsed = JSON.parse(bufferedBody.toString('utf8'));
        } catch {
          parsed = undefined;
        }
        answer = readLimitHeaders(status, response.headers, parsed);
        this.options.metrics.rateLimitHits.inc({ bot, scope: answer.scope ?? 'user' });
      } else {
        answer = readLimitHeaders(status, response.headers);
      }
      await this.options.limiter.settle(reserveRequest, granted.bucket, answer).catch(() => {});
      this.queue(bot).pump();

      if (isInvalidRequest(status, answer.scope)) {
        this.options.metrics.invalidRequestsTotal.inc({ bot, status: String(status) });
        await this.options.guard.record();
        this.options.metrics.invalidRequests.set(await this.options.guard.count());
      }
      // A 401 on a token-in-path route speaks of that token (a webhook's, an interaction's), not the bot's.
      const botTokenRejected = status === 401 && call.authorized && !route.webhookTokenRoute && !route.globalExempt;
      if (botTokenRejected && this.options.lockOn401) {
        this.options.logger.error({ bot }, 'discord answered 401: the token is locked and no longer used');
        await this.options.limiter.lockBot(bot).catch(() => {});
      }
      if (status === 404 && route.webhookItself) await this.options.deadWebhooks.add(route.majorParameter);

      if (status === 429 && replayable && rateLimited < this.options.rateLimitRetries) {
        const retryAt = Date.now() + (answer.retryAfterMs ?? 0);
        if (retryAt < deadline) {
          rateLimited++;
          this.options.metrics.retries.inc({ bot, reason: '429' });
          this.options.logger.warn(
            { bot, method, route: route.template, scope: answer.scope, retryAfterMs: answer.retryAfterMs },
            'discord answered 429; queued again',
          );
          reserveRequest.id = randomUUID();
          continue;
        }
      }
      if (status >= 500 && replayable && SAFE_TO_REPEAT.has(method) && failures < this.options.upstreamRetries) {
        failures++;
        await response.body.dump().catch(() => {});
        this.options.metrics.retries.inc({ bot, reason: '5xx' });
        await sleep(this.backoff(failures), abort.signal);
        reserveRequest.id = randomUUID();
        continue;
      }

      this.observeWait(bot, waited);
      this.count(call, status, 'discord');
      reply.code(status);
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        reply.header(name, value);
      }
      if (bufferedBody) return reply.send(bufferedBody);
      if (method === 'HEAD') {
        await response.body.dump().catch(() => {});
        return reply.send();
      }
      return reply.send(response.body);
    }
  }

  private observeWait(bot: string, waitedMs: number): void {
    this.options.metrics.queueWait.observe({ bot }, waitedMs / 1000);
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBackoffMs * 2 ** (attempt - 1);
    return base + Math.floor(Math.random() * base * 0.5);
  }

  private query(url: string): string {
    const index = url.indexOf('?');
    return index === -1 ? '' : url.slice(index);
  }

  private forwardedHeaders(request: FastifyRequest, body: Body): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
    else if (body !== null && typeof request.headers['content-length'] === 'string') {
      headers['content-length'] = request.headers['content-length'];
    }
    return headers;
  }

  /** Refuses every request still waiting for its limits (503 `shutting_down`). */
  refuseWaiting(): void {
    for (const queue of this.queues.values()) queue.close('shutting_down');
  }

  /** Refuses what still waits and closes the upstream connections. */
  async close(): Promise<void> {
    this.refuseWaiting();
    if (this.ownDispatcher) await this.dispatcher.close();
  }
}
