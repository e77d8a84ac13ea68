import { BucketCatalog } from './bucket-catalog.js';
import { type BucketLimit, DEFAULT_BUCKETS } from './bucket-table.js';
import { type FixedWindow, newWindow, takeFromWindow, windowRemaining, windowResetAt } from './fixed-window.js';
import type { GlobalAlgorithm, GlobalCounter } from './global-counter.js';
import { GlobalSlidingWindow } from './global-sliding-window.js';
import { GlobalTokenBucket } from './global-token-bucket.js';
import { DEFAULT_INVALID_REQUEST_LIMIT, InvalidRequestCounter } from './invalid-request-counter.js';
import { majorParameter } from './major-parameter.js';
import { DEFAULT_GLOBAL_PER_SECOND, type RateLimitOptions } from './rate-limit-options.js';
import { bucketNameFor, type LimitedRoute } from './route-limits.js';

/** The state of a request's bucket, as the `X-RateLimit-*` headers report it. */
export interface BucketSnapshot {
  hash: string;
  limit: number;
  remaining: number;
  /** Epoch ms at which the bucket resets. */
  resetAt: number;
}

/** What the limiter decided for one request. */
export type LimitDecision =
  /** `bucket` is null when limits are off. */
  | { outcome: 'allowed'; bucket: BucketSnapshot | null }
  | { outcome: 'route'; bucket: BucketSnapshot; retryAfterMs: number }
  /** The global limit: Discord sends no per-route headers with it. */
  | { outcome: 'global'; retryAfterMs: number };

const UNLIMITED: LimitDecision = { outcome: 'allowed', bucket: null };

/** Separates the parts of a bucket key; ids and tokens never contain it. */
const SEP = '\u0000';

/**
 * Discord's REST rate limits, without I/O: per-route buckets keyed by (identity, bucket hash, major
 * parameter), a global limit per identity, and the invalid request counter. The identity is the bot
 * (Discord limits per token) or `''` for routes authorised by a token in the path, which are limited
 * per webhook or interaction alone. Route buckets are fixed windows opened by their first request, as
 * the headers describe them; the global limit counts as {@link GlobalAlgorithm} says. The global limit is
 * checked first; a request rejected by either limit consumes neither.
 */
export class RateLimiter {
  enabled: boolean;
  readonly catalog: BucketCatalog;
  readonly invalidRequests: InvalidRequestCounter;
  #globalPerSecond: number;
  readonly #globalPerBot: Map<string, number>;
  readonly #windows = new Map<string, FixedWindow>();
  readonly #globalCounters = new Map<string, GlobalCounter>();
  readonly #globalAlgorithm: GlobalAlgorithm;

  constructor(options: RateLimitOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.catalog = new BucketCatalog(options.buckets ?? DEFAULT_BUCKETS, options.overrides);
    this.invalidRequests = new InvalidRequestCounter({
      ...DEFAULT_INVALID_REQUEST_LIMIT,
      ...options.invalidRequests,
    });
    this.#globalPerSecond = options.globalPerSecond ?? DEFAULT_GLOBAL_PER_SECOND;
    this.#globalPerBot = new Map(Object.entries(options.globalPerBot ?? {}));
    this.#globalAlgorithm = options.globalAlgorithm ?? 'token-bucket';
  }

  /** Decides one request and, when it is allowed, counts it. */
  check(
    route: LimitedRoute,
    identity: string,
    params: Readonly<Record<string, string | undefined>>,
    now: number,
  ): LimitDecision {
    if (!this.enabled) return UNLIMITED;
    let global: GlobalCounter | undefined;
    const perSecond = this.globalLimit(identity);
    if (!route.globalExempt && identity !== '') {
      global = this.#globalCounters.get(identity);
      if (!global) {
        global = this.#globalAlgorithm === 'sliding-window' ? new GlobalSlidingWindow() : new GlobalTokenBucket();
        this.#globalCounters.set(identity, global);
      }
      const retryAfterMs = global.retryAfter(perSecond, now);
      if (retryAfterMs > 0) return { outcome: 'global', retryAfterMs };
    }
    const bucket = this.catalog.get(bucketNameFor(route, params, now));
    const key = `${identity}${SEP}${bucket.hash}${SEP}${majorParameter(route.majorNames, params)}`;
    let window = this.#windows.get(key);
    if (!window) {
      window = newWindow();
      this.#windows.set(key, window);
    }
    const remaining = windowRemaining(window, bucket.limit, now);
    if (remaining <= 0) {
      return {
        outcome: 'route',
        bucket: { hash: bucket.hash, limit: bucket.limit, remaining: 0, resetAt: window.resetAt },
        retryAfterMs: window.resetAt - now,
      };
    }
    global?.take(perSecond, now);
    takeFromWindow(window, bucket.windowMs, now);
    return {
      outcome: 'allowed',
      bucket: { hash: bucket.hash, limit: bucket.limit, remaining: remaining - 1, resetAt: window.resetAt },
    };
  }

  /** The bucket of a request as it stands, without counting the request (for 429s the limiter did not cause). */
  peek(
    route: LimitedRoute,
    identity: string,
    params: Readonly<Record<string, string | undefined>>,
    now: number,
  ): BucketSnapshot | null {
    if (!this.enabled) return null;
    const bucket = this.catalog.get(bucketNameFor(route, params, now));
    const key = `${identity}${SEP}${bucket.hash}${SEP}${majorParameter(route.majorNames, params)}`;
    const window = this.#windows.get(key) ?? newWindow();
    return {
      hash: bucket.hash,
      limit: bucket.limit,
      remaining: windowRemaining(window, bucket.limit, now),
      resetAt: windowResetAt(window, bucket.windowMs, now),
    };
  }

  /** The global limit of an identity, requests per second. */
  globalLimit(identity: string): number {
    return this.#globalPerBot.get(identity) ?? this.#globalPerSecond;
  }

  /** Sets the global limit of one bot, or of every bot without its own when `botId` is omitted. */
  setGlobalLimit(perSecond: number, botId?: string): void {
    if (botId === undefined) this.#globalPerSecond = perSecond;
    else this.#globalPerBot.set(botId, perSecond);
  }

  /** Overrides a bucket's limit by name, or every bucket's with `'*'`; `undefined` restores the default. */
  setBucketLimit(name: string, limit: Partial<BucketLimit> | undefined): void {
    this.catalog.setOverride(name, limit);
  }

  /** Forgets closed windows, so memory follows the active buckets only. */
  sweep(now: number): void {
    for (const [key, window] of this.#windows) if (now >= window.resetAt) this.#windows.delete(key);
    for (const [key, counter] of this.#globalCounters) if (counter.idle(now)) this.#globalCounters.delete(key);
    this.invalidRequests.sweep(now);
  }
}
