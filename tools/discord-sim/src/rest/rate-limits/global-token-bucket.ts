import type { GlobalCounter } from './global-counter.js';

/**
 * The global limit as a token bucket holding `perSecond` requests, drained continuously. The level is
 * kept in requests, so a limit changed at run time applies at once.
 */
export class GlobalTokenBucket implements GlobalCounter {
  #level = 0;
  #updatedAt = 0;
  #perSecond = 1;

  retryAfter(perSecond: number, now: number): number {
    const excess = this.#levelAt(now) + 1 - perSecond;
    return excess <= 0 ? 0 : (excess * 1000) / perSecond;
  }

  take(perSecond: number, now: number): void {
    this.#level = this.#levelAt(now) + 1;
    this.#updatedAt = now;
    this.#perSecond = perSecond;
  }

  idle(now: number): boolean {
    return this.#levelAt(now) === 0;
  }

  #levelAt(now: number): number {
    return Math.max(0, this.#level - ((now - this.#updatedAt) * this.#perSecond) / 1000);
  }
}
