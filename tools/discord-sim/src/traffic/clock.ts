/**
 * Time as the traffic engine sees it: a clock and one-shot timers. Injecting it lets tests step the
 * engine deterministically ({@link ManualClock}) instead of waiting.
 */
export interface TrafficClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms`; returns a handle for {@link clearTimer}. */
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Wall-clock time and Node's timers; the timers do not keep the process alive on their own. */
export const systemClock: TrafficClock = {
  now: Date.now,
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimer(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
