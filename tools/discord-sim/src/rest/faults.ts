import type { RouteKey } from './rate-limits/bucket-table.js';

/** Which requests a fault applies to: every route, one route, or every route of one bucket. */
export type FaultTarget = '*' | RouteKey | { bucket: string };

/** A 429 of the shared scope, forced on matching requests until `remaining` runs out. */
export interface Forced429 {
  target: FaultTarget;
  retryAfterMs: number;
  /** How many requests still get it; Infinity until cleared. */
  remaining: number;
}

/** A 5xx answer to a share of the requests. */
export interface ServerErrorFault {
  target: FaultTarget;
  /** 0 to 1. */
  share: number;
  status: number;
}

/** A delay before each matching request is handled, uniformly in [minMs, maxMs]. */
export interface LatencyFault {
  target: FaultTarget;
  minMs: number;
  maxMs: number;
}

/**
 * Faults injected on demand, mutable while the server runs (a control API toggles them). The random
 * source is injectable so a test can make the 5xx share deterministic.
 */
export class Faults {
  latency: LatencyFault | null = null;
  serverErrors: ServerErrorFault | null = null;
  readonly forced429s: Forced429[] = [];

  constructor(readonly random: () => number = Math.random) {}

  /** Whether any fault is set; the hot path skips everything else when none is. */
  get active(): boolean {
    return this.latency !== null || this.serverErrors !== null || this.forced429s.length > 0;
  }

  setLatency(minMs: number, maxMs = minMs, target: FaultTarget = '*'): this {
    this.latency = minMs <= 0 && maxMs <= 0 ? null : { target, minMs, maxMs };
    return this;
  }

  /** Answers `share` of the matching requests with `status` (500 by default); 0 turns it off. */
  setServerErrorShare(share: number, status = 500, target: FaultTarget = '*'): this {
    this.serverErrors = share <= 0 ? null : { target, share, status };
    return this;
  }

  /** Answers the next `count` matching requests (all, by default) with a 429 of the shared scope. */
  force429(target: FaultTarget, retryAfterMs: number, count = Number.POSITIVE_INFINITY): this {
    this.forced429s.push({ target, retryAfterMs, remaining: count });
    return this;
  }

  clear(): this {
    this.latency = null;
    this.serverErrors = null;
    this.forced429s.length = 0;
    return this;
  }

  /** Delay for this request in ms, 0 for none. */
  latencyFor(route: RouteKey, bucket: string): number {
    const fault = this.latency;
    if (!fault || !matches(fault.target, route, bucket)) return 0;
    return fault.minMs + (fault.maxMs - fault.minMs) * this.random();
  }

  /** The 5xx status to answer with, or 0 for none. */
  serverErrorFor(route: RouteKey, bucket: string): number {
    const fault = this.serverErrors;
    if (!fault || !matches(fault.target, route, bucket)) return 0;
    return this.random() < fault.share ? fault.status : 0;
  }

  /** Takes a forced 429 for this request: its retry delay in ms, or -1 when none applies. */
  take429(route: RouteKey, bucket: string): number {
    for (let i = 0; i < this.forced429s.length; i++) {
      const forced = this.forced429s[i] as Forced429;
      if (!matches(forced.target, route, bucket)) continue;
      forced.remaining--;
      if (forced.remaining <= 0) this.forced429s.splice(i, 1);
      return forced.retryAfterMs;
    }
    return -1;
  }
}

function matches(target: FaultTarget, route: RouteKey, bucket: string): boolean {
  if (target === '*') return true;
  if (typeof target === 'string') return target === route;
  return target.bucket === bucket;
}
