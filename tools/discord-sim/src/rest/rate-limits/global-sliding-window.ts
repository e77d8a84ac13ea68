import type { GlobalCounter } from './global-counter.js';

const WINDOW_MS = 1000;

/** The global limit as at most `perSecond` requests in any trailing second: a ring of the last arrivals. */
export class GlobalSlidingWindow implements GlobalCounter {
  #arrivals = new Float64Array(0);
  /** Index of the oldest kept arrival, which the next request overwrites. */
  #next = 0;

  retryAfter(perSecond: number, now: number): number {
    this.#fit(perSecond);
    const oldest = this.#arrivals[this.#next] ?? Number.NEGATIVE_INFINITY;
    return Math.max(0, oldest + WINDOW_MS - now);
  }

  take(perSecond: number, now: number): void {
    this.#fit(perSecond);
    this.#arrivals[this.#next] = now;
    this.#next = (this.#next + 1) % this.#arrivals.length;
  }

  idle(now: number): boolean {
    const newest = this.#arrivals[(this.#next + this.#arrivals.length - 1) % this.#arrivals.length];
    return newest === undefined || now >= newest + WINDOW_MS;
  }

  /** Keeps exactly `perSecond` arrivals, so a changed limit applies at once. */
  #fit(perSecond: number): void {
    const size = Math.max(1, Math.floor(perSecond));
    if (this.#arrivals.length === size) return;
    const ordered = [...this.#arrivals.subarray(this.#next), ...this.#arrivals.subarray(0, this.#next)].slice(-size);
    this.#arrivals = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.#arrivals.set(ordered, size - ordered.length);
    this.#next = 0;
  }
}
