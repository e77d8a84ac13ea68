import type { TrafficClock } from './clock.js';

interface ManualTimer {
  at: number;
  order: number;
  callback: () => void;
}

/**
 * A clock that moves only when told: {@link advance} runs the timers that fall due on the way, in time
 * order, with `now()` set to each one's due time. Pass `() => clock.now()` to the world as its clock too,
 * so that the ground truth is stamped with the same time.
 */
export class ManualClock implements TrafficClock {
  private current: number;
  private order = 0;
  private readonly timers = new Set<ManualTimer>();

  constructor(startMs = Date.parse('2026-01-02T00:00:00Z')) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, ms: number): unknown {
    const timer: ManualTimer = { at: this.current + Math.max(0, ms), order: this.order++, callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as ManualTimer);
  }

  /** Moves time forward by `ms`, firing every timer due until then (including those set while firing). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.delete(next);
      this.current = next.at;
      next.callback();
    }
    this.current = target;
  }

  private nextDue(target: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.at > target) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.order < best.order)) best = timer;
    }
    return best;
  }
}
