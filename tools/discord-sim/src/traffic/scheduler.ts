import type { TrafficClock } from './clock.js';

/** A task to run at a given time; `cancel` keeps it from running. */
export interface ScheduledTask {
  readonly at: number;
  cancel(): void;
}

interface Entry extends ScheduledTask {
  order: number;
  run: () => void;
  cancelled: boolean;
}

/**
 * Runs tasks at their time on one timer of the clock, earliest first and, at equal times, in the order
 * they were scheduled, so that a run is deterministic under a {@link ManualClock}. Tasks that fall due
 * while the process was busy run together as soon as it can.
 */
export class Scheduler {
  private readonly heap: Entry[] = [];
  private order = 0;
  private timer: unknown = null;
  private armedFor = Number.POSITIVE_INFINITY;
  /** Set while due tasks run: tasks they schedule are picked up by the same run, not by a new timer. */
  private firing = false;

  constructor(private readonly clock: TrafficClock) {}

  now(): number {
    return this.clock.now();
  }

  /** Schedules `run` at `time`, rounded up to the millisecond: the world stamps events in whole milliseconds. */
  at(time: number, run: () => void): ScheduledTask {
    const entry: Entry = {
      at: Math.ceil(time),
      order: this.order++,
      run,
      cancelled: false,
      cancel() {
        entry.cancelled = true;
      },
    };
    this.push(entry);
    this.arm();
    return entry;
  }

  after(ms: number, run: () => void): ScheduledTask {
    return this.at(this.clock.now() + Math.max(0, ms), run);
  }

  /** Drops every task. */
  clear(): void {
    for (const entry of this.heap) entry.cancelled = true;
    this.heap.length = 0;
    this.disarm();
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    this.firing = true;
    try {
      for (let top = this.heap[0]; top && top.at <= now; top = this.heap[0]) {
        this.pop();
        if (!top.cancelled) top.run();
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }

  private arm(): void {
    if (this.firing) return;
    const top = this.heap[0];
    if (!top) {
      this.disarm();
      return;
    }
    if (top.at >= this.armedFor) return;
    this.disarm();
    this.armedFor = top.at;
    this.timer = this.clock.setTimer(() => this.fire(), top.at - this.clock.now());
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = last;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
