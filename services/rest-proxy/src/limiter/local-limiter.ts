import {
  DEFAULT_TIMING,
  type LimitAnswer,
  type Limiter,
  type LimiterTiming,
  type Reservation,
  type ReserveRequest,
  UNLIMITED_TTL_MS,
} from './types.js';

interface BucketState {
  /** 0 means unlimited (no headers) until resetAt. Undefined while unknown. */
  limit: number | undefined;
  remaining: number;
  resetAt: number;
  windowMs: number;
  probeUntil: number;
  inflight: number;
  touchedAt: number;
}

export interface LocalLimiterOptions {
  /**
   * How many replicas share the limits: each limit is divided by it (a conservative share while Redis, which
   * coordinates them, is away). 1 for a proxy that runs alone.
   */
  share?: number;
  timing?: LimiterTiming;
  now?: () => number;
}

/**
 * The limiter of one process, with the same rules as the Redis scripts: a route bucket is a window learned
 * from Discord's headers (the first request of an unknown bucket goes alone), the global limit a sliding log
 * that never admits more than the limit within `globalWindowMs`. With `share` > 1 every limit is divided.
 */
export class LocalLimiter implements Limiter {
  private readonly share: number;
  private readonly timing: LimiterTiming;
  private readonly now: () => number;
  private readonly routes = new Map<string, string>();
  private readonly hashes = new Map<string, { limit: number; windowMs: number }>();
  private readonly buckets = new Map<string, BucketState>();
  private readonly globals = new Map<string, number[]>();
  private readonly globalLocks = new Map<string, number>();
  private readonly lockedBots = new Set<string>();
  /** Sublimits: `bot|route|major` → until when the route waits. */
  private readonly sublimits = new Map<string, number>();
  private lastSweep = 0;

  constructor(options: LocalLimiterOptions = {}) {
    this.share = Math.max(1, options.share ?? 1);
    this.timing = options.timing ?? DEFAULT_TIMING;
    this.now = options.now ?? Date.now;
  }

  /** The bucket's share of a limit: fewer requests, or for limits below the share, a longer window. */
  private shareOf(limit: number, windowMs: number): { limit: number; windowMs: number } {
    if (this.share === 1) return { limit, windowMs };
    const perReplica = Math.floor(limit / this.share);
    if (perReplica >= 1) return { limit: perReplica, windowMs };
    return { limit: 1, windowMs: windowMs * Math.ceil(this.share / limit) };
  }

  private resolve(request: ReserveRequest): { bucket: string; hash: string | undefined } {
    const hash = this.routes.get(`${request.bot}|${request.route}`);
    return { bucket: hash ? `h:${hash}` : `r:${request.route}`, hash };
  }

  private stateKey(bot: string, bucket: string, major: string): string {
    return `${bot}|${bucket}|${major}`;
  }

  /** Requests the bot's global log admits now, or how long until one more fits. */
  globalCheck(bot: string, perSecond: number, now: number): { remaining: number; waitMs: number } {
    const limit = Math.max(1, Math.floor(perSecond / this.share));
    const log = this.globals.get(bot) ?? [];
    const from = now - this.timing.globalWindowMs;
    let drop = 0;
    while (drop < log.length && (log[drop] ?? 0) <= from) drop++;
    if (drop > 0) log.splice(0, drop);
    this.globals.set(bot, log);
    if (log.length < limit) return { remaining: limit - log.length, waitMs: 0 };
    const blocker = log[log.length - limit] ?? now;
    return { remaining: 0, waitMs: Math.max(1, blocker + this.timing.globalWindowMs - now + 1) };
  }

  async reserve(request: ReserveRequest): Promise<Reservation> {
    return this.reserveNow(request);
  }

  reserveNow(request: ReserveRequest): Reservation {
    const now = this.now();
    this.sweep(now);
    if (this.lockedBots.has(request.bot)) return { ok: false, locked: true };
    const subKey = `${request.bot}|${request.route}|${request.majorParameter}`;
    const subUntil = this.sublimits.get(subKey);
    if (subUntil !== undefined) {
      if (subUntil > now) return { ok: false, locked: false, waitMs: subUntil - now, scope: 'bucket' };
      this.sublimits.delete(subKey);
    }
    const { bucket, hash } = this.resolve(request);
    const key = this.stateKey(request.bot, bucket, request.majorParameter);
    let state = this.buckets.get(key);
    if (!state) {
      const known = hash ? this.hashes.get(`${request.bot}|${hash}`) : undefined;
      state = {
        limit: known?.limit,
        remaining: 0,
        resetAt: 0,
        windowMs: known?.windowMs ?? 0,
        probeUntil: 0,
        inflight: 0,
        touchedAt: now,
      };
    }
    let action: 'probe' | 'free' | 'take';
    let remaining = state.remaining;
    let resetAt = state.resetAt;
    if (state.limit === undefined || (state.limit === 0 && now >= state.resetAt)) {
      if (state.probeUntil > now) {
        return {
          ok: false,
          locked: false,
          waitMs: Math.min(state.probeUntil - now, this.timing.probePollMs),
          scope: 'bucket',
        };
      }
      action = 'probe';
    } else if (state.limit === 0) {
      action = 'free';
    } else {
      if (now >= resetAt) {
        const shared = this.shareOf(state.limit, state.windowMs);
        remaining = shared.limit;
        resetAt = now + shared.windowMs + this.timing.resetMarginMs;
      }
      if (remaining <= 0) return { ok: false, locked: false, waitMs: Math.max(1, resetAt - now), scope: 'bucket' };
      action = 'take';
    }
    let globalRemaining: number | null = null;
    if (request.globalLimit !== null) {
      const lockedUntil = this.globalLocks.get(request.bot) ?? 0;
      if (lockedUntil > now) return { ok: false, locked: false, waitMs: lockedUntil - now, scope: 'global' };
      const global = this.globalCheck(request.bot, request.globalLimit, now);
      if (global.waitMs > 0) return { ok: false, locked: false, waitMs: global.waitMs, scope: 'global' };
      this.globals.get(request.bot)?.push(now);
      globalRemaining = global.remaining - 1;
    }
    if (action === 'probe') state.probeUntil = now + this.timing.probeMs;
    if (action === 'take') {
      state.remaining = remaining - 1;
      state.resetAt = resetAt;
    }
    state.inflight++;
    state.touchedAt = now;
    this.buckets.set(key, state);
    return { ok: true, bucket, globalRemaining };
  }

  async settle(request: ReserveRequest, bucket: string, answer: LimitAnswer): Promise<void> {
    this.settleNow(request, bucket, answer);
  }

  settleNow(request: ReserveRequest, bucket: string, answer: LimitAnswer): void {
    const now = this.now();
    const oldKey = this.stateKey(request.bot, bucket, request.majorParameter);
    const old = this.buckets.get(oldKey);
    if (old) old.inflight = Math.max(0, old.inflight - 1);
    let id = bucket;
    if (answer.bucketHash) {
      this.routes.set(`${request.bot}|${request.route}`, answer.bucketHash);
      id = `h:${answer.bucketHash}`;
    }
    if (answer.scope === 'global' && answer.retryAfterMs !== undefined) {
      const until = now + answer.retryAfterMs + this.timing.resetMarginMs;
      this.globalLocks.set(request.bot, Math.max(this.globalLocks.get(request.bot) ?? 0, until));
      if (old) old.probeUntil = 0;
      return;
    }
    const key = this.stateKey(request.bot, id, request.majorParameter);
    const state: BucketState = this.buckets.get(key) ?? {
      limit: undefined,
      remaining: 0,
      resetAt: 0,
      windowMs: 0,
      probeUntil: 0,
      inflight: 0,
      touchedAt: now,
    };
    state.touchedAt = now;
    state.probeUntil = 0;
    if (old && old !== state) old.probeUntil = 0;
    if (answer.limit !== undefined && answer.remaining !== undefined && answer.resetAfterMs !== undefined) {
      state.windowMs = Math.max(state.windowMs, answer.resetAfterMs);
      if (answer.bucketHash) {
        const hashKey = `${request.bot}|${answer.bucketHash}`;
        const known = this.hashes.get(hashKey);
        this.hashes.set(hashKey, {
          limit: answer.limit,
          windowMs: Math.max(known?.windowMs ?? 0, answer.resetAfterMs),
        });
      }
      const announced = Math.max(0, answer.remaining - state.inflight);
      const newReset = now + answer.resetAfterMs + this.timing.resetMarginMs;
      if (state.limit !== undefined && state.limit > 0 && state.resetAt > now) {
        state.remaining = Math.min(state.remaining, announced);
        state.resetAt = Math.max(state.resetAt, newReset);
      } else {
        state.remaining = Math.min(announced, this.shareOf(answer.limit, state.windowMs).limit);
        state.resetAt = newReset;
      }
      state.limit = answer.limit;
    } else if (answer.retryAfterMs === undefined) {
      if (state.limit === undefined || state.limit === 0) {
        state.limit = 0;
        state.resetAt = now + UNLIMITED_TTL_MS;
      }
    }
    if (answer.sublimit && answer.retryAfterMs !== undefined) {
      const until = now + answer.retryAfterMs + this.timing.resetMarginMs;
      this.sublimits.set(`${request.bot}|${request.route}|${request.majorParameter}`, until);
    } else if (answer.retryAfterMs !== undefined) {
      // A route or shared-resource 429: nothing more in this bucket until Retry-After has passed.
      if (state.limit === undefined || state.limit === 0) {
        state.limit = 1;
        state.windowMs = Math.max(state.windowMs, answer.retryAfterMs);
      }
      state.remaining = 0;
      state.resetAt = Math.max(state.resetAt, now + answer.retryAfterMs + this.timing.resetMarginMs);
    }
    this.buckets.set(key, state);
  }

  async release(request: ReserveRequest, bucket: string): Promise<void> {
    const state = this.buckets.get(this.stateKey(request.bot, bucket, request.majorParameter));
    if (!state) return;
    state.inflight = Math.max(0, state.inflight - 1);
    state.probeUntil = 0;
  }

  async lockBot(bot: string): Promise<void> {
    this.lockedBots.add(bot);
  }

  isLocked(bot: string): boolean {
    return this.lockedBots.has(bot);
  }

  /** Global requests left for the bot in the current window (its share). */
  globalRemaining(bot: string, perSecond: number): number {
    return this.globalCheck(bot, perSecond, this.now()).remaining;
  }

  /** Forgets buckets idle for ten minutes, so memory follows the routes in use. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, state] of this.buckets) {
      if (now - state.touchedAt > 600_000 && state.inflight === 0 && state.resetAt < now) this.buckets.delete(key);
    }
    for (const [key, until] of this.sublimits) if (until <= now) this.sublimits.delete(key);
  }
}
