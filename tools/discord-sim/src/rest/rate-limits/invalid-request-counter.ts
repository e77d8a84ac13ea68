/** Discord's invalid request limit: 10,000 per 10 minutes per IP, then a temporary ban. */
export interface InvalidRequestLimit {
  /** Invalid requests tolerated per window; the next one bans. */
  threshold: number;
  windowMs: number;
  /** How long a ban lasts. Discord says "temporarily"; Cloudflare bans are commonly about an hour. */
  banMs: number;
}

export const DEFAULT_INVALID_REQUEST_LIMIT: InvalidRequestLimit = {
  threshold: 10_000,
  windowMs: 10 * 60_000,
  banMs: 60 * 60_000,
};

interface IpState {
  count: number;
  windowEndsAt: number;
  bannedUntil: number;
}

/**
 * Counts 401, 403 and 429 answers per client IP (429s of the shared scope excepted: the caller decides
 * what to count) over a window that opens with the first invalid request, and bans an IP that exceeds
 * the threshold.
 */
export class InvalidRequestCounter {
  readonly #ips = new Map<string, IpState>();

  constructor(public limit: InvalidRequestLimit = DEFAULT_INVALID_REQUEST_LIMIT) {}

  /** Counts one invalid request; returns true when this one starts a ban. */
  record(ip: string, now: number): boolean {
    let state = this.#ips.get(ip);
    if (!state) {
      state = { count: 0, windowEndsAt: 0, bannedUntil: 0 };
      this.#ips.set(ip, state);
    }
    if (now >= state.windowEndsAt) {
      state.count = 0;
      state.windowEndsAt = now + this.limit.windowMs;
    }
    state.count++;
    if (state.count > this.limit.threshold && now >= state.bannedUntil) {
      state.bannedUntil = now + this.limit.banMs;
      state.count = 0;
      state.windowEndsAt = 0;
      return true;
    }
    return false;
  }

  /** Epoch ms at which the IP's ban ends, or 0 when it is not banned. */
  bannedUntil(ip: string, now: number): number {
    const state = this.#ips.get(ip);
    return state && state.bannedUntil > now ? state.bannedUntil : 0;
  }

  /** Invalid requests counted for the IP in its current window. */
  count(ip: string, now: number): number {
    const state = this.#ips.get(ip);
    return state && now < state.windowEndsAt ? state.count : 0;
  }

  /** Forgets IPs with neither a ban nor an open window. */
  sweep(now: number): void {
    for (const [ip, state] of this.#ips) {
      if (now >= state.windowEndsAt && now >= state.bannedUntil) this.#ips.delete(ip);
    }
  }
}
