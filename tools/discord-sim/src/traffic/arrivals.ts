import type { Draws } from '../world/random.js';
import type { ScheduledTask, Scheduler } from './scheduler.js';

/** A draw of an exponential law of mean `mean`; `u` uniform in [0, 1). */
export function exponential(u: number, mean: number): number {
  return -Math.log(1 - u) * mean;
}

/** Gap to the next arrival of a Poisson process of `perSecond`, in ms; `u` uniform in [0, 1). */
export function exponentialGapMs(u: number, perSecond: number): number {
  return exponential(u, 1000 / perSecond);
}

/**
 * Arrivals of one kind of event as a Poisson process: random gaps with the configured mean, so that
 * counts over a window vary as real traffic does. Each arrival is scheduled from the previous one's
 * time (not from when it ran), so a busy process catches up instead of drifting below the rate.
 */
export class Arrivals {
  private perSecond = 0;
  private running = false;
  private next: ScheduledTask | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly draws: Draws,
    private readonly fire: () => void,
  ) {}

  /** Changes the rate; the next arrival is drawn afresh from now. */
  setRate(perSecond: number): void {
    this.perSecond = perSecond;
    if (this.running) this.restart();
  }

  start(): void {
    this.running = true;
    this.restart();
  }

  stop(): void {
    this.running = false;
    this.next?.cancel();
    this.next = null;
  }

  private restart(): void {
    this.next?.cancel();
    this.next = null;
    if (this.perSecond > 0) this.schedule(this.scheduler.now());
  }

  private schedule(from: number): void {
    const at = from + exponentialGapMs(this.draws.float(), this.perSecond);
    this.next = this.scheduler.at(at, () => {
      this.fire();
      if (this.running) this.schedule(at);
    });
  }
}
