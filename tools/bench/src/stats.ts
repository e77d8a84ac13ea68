/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** The value below which `p` percent of `sorted` fall (nearest rank); NaN for no samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Events per second between two instants given in milliseconds. */
export function ratePerSecond(events: number, fromMs: number, toMs: number): number {
  return toMs > fromMs ? (events * 1000) / (toMs - fromMs) : Number.NaN;
}

/**
 * The rate over the steady part of a run: between the completion of the `from` and `to`
 * fractions of the events, which leaves out warm-up (connections, JIT, first pulls) and the tail.
 * `completions` are the instants each event completed, in any order.
 */
export function steadyRate(completions: ArrayLike<number>, from = 0.1, to = 0.9): number {
  const sorted = Float64Array.from(completions).sort();
  if (sorted.length < 2) return Number.NaN;
  const first = Math.floor(from * (sorted.length - 1));
  const last = Math.ceil(to * (sorted.length - 1));
  return ratePerSecond(last - first, sorted[first] as number, sorted[last] as number);
}

/** User and system CPU time of a `process.cpuUsage()` reading, µs. */
export function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}
