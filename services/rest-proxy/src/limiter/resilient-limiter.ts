import type { RedisClient } from '@platform/cache';
import type { Logger } from 'pino';
import { LocalLimiter } from './local-limiter.js';
import { RedisLimiter } from './redis-limiter.js';
import {
  DEFAULT_TIMING,
  type LimitAnswer,
  type Limiter,
  type LimiterTiming,
  type Reservation,
  type ReserveRequest,
} from './types.js';

/**
 * `shared`: Redis coordinates every replica. `fallback`: Redis is away; this replica keeps to its share.
 * `recovering`: Redis is back, but other replicas may still be on their shares, so for a grace period this
 * one keeps to its share as well as to the shared limits.
 */
export type LimiterMode = 'shared' | 'fallback' | 'recovering';

export interface ResilientLimiterOptions {
  client: RedisClient;
  /** Key prefix, ending with ':'. */
  prefix: string;
  /** Replicas sharing the limits; the local share is each limit divided by it. */
  replicas: number;
  /** Time on the local share after Redis comes back; longer than a replica's reconnect backoff. */
  recoveryGraceMs?: number;
  timing?: LimiterTiming;
  logger?: Logger;
  onModeChange?: (mode: LimiterMode) => void;
}

/**
 * The limiter the proxy uses: shared through Redis when it answers, a conservative local share when it does
 * not, and back to Redis by itself when it returns. The local limiter also learns from every answer, so a
 * fallback starts with the buckets already known.
 */
export class ResilientLimiter implements Limiter {
  private readonly redis: RedisLimiter;
  /** This replica's share of each limit: used alone in fallback, and beside Redis while recovering. */
  readonly local: LocalLimiter;
  private current: LimiterMode;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly graceMs: number;
  private readonly timing: LimiterTiming;
  /**
   * Global requests wait one window after Redis is lost: what replicas sent through Redis in the last window
   * is not in this replica's log, and the local share alone must not add to it.
   */
  private pauseUntil = 0;
  /** Until Redis has answered once, this replica has sent nothing the others could miss: no grace needed. */
  private everShared: boolean;
  private closed = false;

  constructor(private readonly options: ResilientLimiterOptions) {
    const timing = options.timing ?? DEFAULT_TIMING;
    this.timing = timing;
    this.redis = new RedisLimiter(options.client, options.prefix, timing);
    this.local = new LocalLimiter({ share: options.replicas, timing });
    this.graceMs = options.recoveryGraceMs ?? 10_000;
    this.current = options.client.isReady ? 'shared' : 'fallback';
    this.everShared = options.client.isReady;
    options.client.on('ready', () => this.recovered());
    options.client.on('end', () => this.lost('connection closed'));
    options.client.on('error', () => this.lost('connection error'));
  }

  get mode(): LimiterMode {
    return this.current;
  }

  private setMode(mode: LimiterMode): void {
    if (mode === this.current) return;
    this.current = mode;
    this.options.logger?.[mode === 'fallback' ? 'warn' : 'info']({ mode }, 'rate limiter mode changed');
    this.options.onModeChange?.(mode);
  }

  private lost(reason: string): void {
    if (this.current === 'fallback' || this.closed) return;
    clearTimeout(this.graceTimer);
    this.options.logger?.warn({ reason }, 'redis unavailable: limiting with this replica’s share');
    this.pauseUntil = Date.now() + this.timing.globalWindowMs;
    this.setMode('fallback');
  }

  private recovered(): void {
    if (this.current !== 'fallback' || this.closed) return;
    if (!this.everShared) {
      this.everShared = true;
      this.setMode('shared');
      return;
    }
    this.setMode('recovering');
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      if (this.current === 'recovering') this.setMode('shared');
    }, this.graceMs);
    this.graceTimer.unref();
  }

  async reserve(request: ReserveRequest): Promise<Reservation> {
    if (this.current === 'fallback' || !this.options.client.isReady) {
      this.lost('not connected');
      return this.reserveLocally(request);
    }
    if (this.current === 'recovering') {
      const local = this.local.reserveNow(request);
      if (!local.ok) return local;
      try {
        const shared = await this.redis.reserve(request);
        if (!shared.ok) await this.local.release(request, local.bucket);
        return shared;
      } catch {
        this.lost('command failed');
        return local;
      }
    }
    try {
      return await this.redis.reserve(request);
    } catch {
      this.lost('command failed');
      return this.reserveLocally(request);
    }
  }

  private reserveLocally(request: ReserveRequest): Reservation {
    const pause = this.pauseUntil - Date.now();
    if (request.globalLimit !== null && pause > 0) return { ok: false, locked: false, waitMs: pause, scope: 'global' };
    return this.local.reserveNow(request);
  }

  async settle(request: ReserveRequest, bucket: string, answer: LimitAnswer): Promise<void> {
    this.local.settleNow(request, bucket, answer);
    if (this.current === 'fallback') return;
    try {
      await this.redis.settle(request, bucket, answer);
    } catch {
      this.lost('command failed');
    }
  }

  async release(request: ReserveRequest, bucket: string): Promise<void> {
    await this.local.release(request, bucket);
    if (this.current === 'fallback') return;
    try {
      await this.redis.release(request, bucket);
    } catch {
      this.lost('command failed');
    }
  }

  async lockBot(bot: string): Promise<void> {
    await this.local.lockBot(bot);
    if (this.current === 'fallback') return;
    try {
      await this.redis.lockBot(bot);
    } catch {
      this.lost('command failed');
    }
  }

  /** Stops following the connection (called before Redis is closed at shutdown). */
  close(): void {
    this.closed = true;
    clearTimeout(this.graceTimer);
  }
}
