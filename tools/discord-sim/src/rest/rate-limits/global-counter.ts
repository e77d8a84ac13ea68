/** How the global limit counts one identity's requests. */
export interface GlobalCounter {
  /** Ms until one more request is admitted at `now`; 0 when it is admitted now. */
  retryAfter(perSecond: number, now: number): number;
  /** Counts one request; call only when `retryAfter` is 0. */
  take(perSecond: number, now: number): void;
  /** Whether the counter holds nothing that still matters at `now`, so it may be forgotten. */
  idle(now: number): boolean;
}

/**
 * The algorithm of the global limit. Discord documents the rate ("50 requests per second"), not the
 * algorithm:
 * - `token-bucket` (default): a bucket of `perSecond` requests refilled continuously, the leaky bucket
 *   Discord moved its limits to in 2022 (Retry-After is the time until one request is available). It has
 *   no windows to fall out of step with, so a client that keeps to the rate by its own clock is not
 *   punished for network jitter; a bot may still burst its whole second at once, so any one second can
 *   hold up to twice the rate.
 * - `sliding-window`: at most `perSecond` requests in any trailing second, the strictest reading; the
 *   ground truth's busiest second never exceeds the rate, and clients that count in fixed windows (as
 *   `@discordjs/rest` does) meet occasional global 429s, as library authors report from Discord.
 */
export type GlobalAlgorithm = 'token-bucket' | 'sliding-window';
