import type { Limiter, Reservation, ReserveRequest, WaitScope } from './limiter/types.js';

/** Why the proxy refused a request without sending it. */
export type RefusalReason =
  | 'queue_full'
  | 'wait_limit'
  | 'token_locked'
  | 'cancelled'
  | 'shutting_down'
  | 'unknown_token'
  | 'missing_token'
  | 'invalid_request_budget'
  | 'webhook_unknown';

export class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}

export type Granted = Extract<Reservation, { ok: true }>;

interface Waiter {
  request: ReserveRequest;
  priority: number;
  seq: number;
  deadline: number;
  notBefore: number;
  resolve(reservation: Granted): void;
  reject(refusal: Refusal): void;
}

export interface QueueOptions {
  limiter: Limiter;
  /** Most requests one bot may have waiting. */
  maxLength: number;
  onDepth?: (bot: string, depth: number) => void;
  onWait?: (bot: string, scope: WaitScope) => void;
  now?: () => number;
}

/**
 * Waiting requests of one bot, served by priority (higher first), then in arrival order. One pass at a time
 * asks the limiter for each request whose wait is over: a request blocked by its bucket does not hold back
 * other buckets, while a request blocked by the global limit holds back every lower request that needs it.
 * A request that could not be sent before its deadline is refused at once, not when the deadline passes.
 */
export class BotQueue {
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly bot: string,
    private readonly options: QueueOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get depth(): number {
    return this.waiters.length;
  }

  /** Resolves with a reservation once the limits allow the request; rejects with a {@link Refusal}. */
  acquire(request: ReserveRequest, priority: number, deadline: number, signal?: AbortSignal): Promise<Granted> {
    if (signal?.aborted) return Promise.reject(new Refusal('cancelled'));
    if (this.waiters.length >= this.options.maxLength) return Promise.reject(new Refusal('queue_full'));
    return new Promise<Granted>((resolve, reject) => {
      const waiter: Waiter = { request, priority, seq: this.seq++, deadline, notBefore: 0, resolve, reject };
      let index = this.waiters.findIndex((w) => w.priority < priority);
      if (index === -1) index = this.waiters.length;
      this.waiters.splice(index, 0, waiter);
      this.changed();
      signal?.addEventListener(
        'abort',
        () => {
          if (this.remove(waiter)) reject(new Refusal('cancelled'));
        },
        { once: true },
      );
      this.pump();
    });
  }

  private remove(waiter: Waiter): boolean {
    const index = this.waiters.indexOf(waiter);
    if (index === -1) return false;
    this.waiters.splice(index, 1);
    this.changed();
    return true;
  }

  private changed(): void {
    this.options.onDepth?.(this.bot, this.waiters.length);
  }

  /** Looks at the queue again soon (an answer came back: a bucket may have been learned). */
  pump(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async pass(): Promise<void> {
    let globalBlockedUntil = 0;
    const blockedBuckets = new Map<string, number>();
    for (const waiter of [...this.waiters]) {
      const now = this.now();
      if (!this.waiters.includes(waiter)) continue;
      if (waiter.deadline <= now) {
        this.refuse(waiter, 'wait_limit');
        continue;
      }
      if (waiter.notBefore > now) continue;
      const needsGlobal = waiter.request.globalLimit !== null;
      if (needsGlobal && globalBlockedUntil > now) {
        waiter.notBefore = Math.max(waiter.notBefore, globalBlockedUntil);
        continue;
      }
      const routeKey = `${waiter.request.route}|${waiter.request.majorParameter}`;
      const bucketBlocked = blockedBuckets.get(routeKey);
      if (bucketBlocked !== undefined && bucketBlocked > now) {
        waiter.notBefore = bucketBlocked;
        continue;
      }
      let reservation: Reservation;
      try {
        reservation = await this.options.limiter.reserve({
          ...waiter.request,
          id: `${waiter.request.id}:${this.seq++}`,
        });
      } catch {
        waiter.notBefore = this.now() + 50;
        continue;
      }
      if (!this.waiters.includes(waiter)) {
        // Cancelled while the limiter was asked: give the slot's bucket hold back.
        if (reservation.ok) void this.options.limiter.release(waiter.request, reservation.bucket).catch(() => {});
        continue;
      }
      if (reservation.ok) {
        this.remove(waiter);
        waiter.resolve(reservation);
        continue;
      }
      if (reservation.locked) {
        this.refuse(waiter, 'token_locked');
        continue;
      }
      const at = this.now() + reservation.waitMs;
      this.options.onWait?.(this.bot, reservation.scope);
      if (at > waiter.deadline) {
        this.refuse(waiter, 'wait_limit');
        continue;
      }
      waiter.notBefore = at;
      if (reservation.scope === 'global') globalBlockedUntil = at;
      else blockedBuckets.set(routeKey, at);
    }
  }

  private refuse(waiter: Waiter, reason: RefusalReason): void {
    if (this.remove(waiter)) waiter.reject(new Refusal(reason));
  }

  private schedule(): void {
    if (this.waiters.length === 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const waiter of this.waiters) next = Math.min(next, Math.min(waiter.notBefore, waiter.deadline));
    if (next >= this.timerAt && this.timer) return;
    clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, next - this.now()),
    );
  }

  /** Refuses every waiting request (with `shutting_down` by default). */
  close(reason: RefusalReason = 'shutting_down'): void {
    clearTimeout(this.timer);
    for (const waiter of [...this.waiters]) this.refuse(waiter, reason);
  }
}
