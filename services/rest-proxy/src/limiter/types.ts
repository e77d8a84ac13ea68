/** One request asking for a slot in its route bucket and, unless exempt, in its bot's global limit. */
export interface ReserveRequest {
  /** The bot's user id, or `webhook` for token-in-path calls without Authorization. */
  bot: string;
  /** `METHOD template` until Discord names the bucket (see `RouteInfo.bucketRoute`). */
  route: string;
  majorParameter: string;
  /** Requests per second of the bot's global limit; null when the route is exempt. */
  globalLimit: number | null;
  /** Unique per attempt: the member of the global window. */
  id: string;
}

export type WaitScope = 'bucket' | 'global';

export type Reservation =
  /** `bucket` identifies the state to settle; `globalRemaining` is null for exempt routes. */
  | { ok: true; bucket: string; globalRemaining: number | null }
  | { ok: false; locked: false; waitMs: number; scope: WaitScope }
  /** The bot's token answered 401: nothing is sent with it any more. */
  | { ok: false; locked: true };

/** What Discord's answer said about the limits. */
export interface LimitAnswer {
  status: number;
  bucketHash?: string;
  limit?: number;
  remaining?: number;
  resetAfterMs?: number;
  /** Only on 429s. */
  retryAfterMs?: number;
  scope?: 'user' | 'global' | 'shared';
  /**
   * A route 429 while the bucket still had requests left: a sublimit Discord does not announce (channel
   * renames, for one). It holds back this route of this major only, not the whole bucket.
   */
  sublimit?: boolean;
}

export interface Limiter {
  reserve(request: ReserveRequest): Promise<Reservation>;
  /** Feeds an answer back: learns the bucket, its limit and window, and honours 429s. */
  settle(request: ReserveRequest, bucket: string, answer: LimitAnswer): Promise<void>;
  /** Releases a reservation whose request was never sent (its bucket probe, its in-flight count). */
  release(request: ReserveRequest, bucket: string): Promise<void>;
  /** Stops every use of the bot's token (after a 401 from Discord). */
  lockBot(bot: string): Promise<void>;
}

/** Tuning shared by both limiters. */
export interface LimiterTiming {
  /** Length of the global window; above 1000 ms it absorbs jitter between reservation and arrival. */
  globalWindowMs: number;
  /** Added to every reset Discord announces (buckets do not always reopen on the dot). */
  resetMarginMs: number;
  /** How long a first request of an unknown bucket holds the others back at most. */
  probeMs: number;
  /** How often requests behind a probe look again. */
  probePollMs: number;
}

export const DEFAULT_TIMING: LimiterTiming = {
  globalWindowMs: 1100,
  resetMarginMs: 150,
  probeMs: 15_000,
  probePollMs: 20,
};

/** How long a route answered without limit headers counts as unlimited before it is probed again. */
export const UNLIMITED_TTL_MS = 60_000;

/** Parses Discord's rate-limit headers (lower-case names) into a {@link LimitAnswer}. */
export function readLimitHeaders(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body429?: { retry_after?: unknown; global?: unknown },
): LimitAnswer {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const number = (name: string) => {
    const raw = one(name);
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) ? value : undefined;
  };
  const answer: LimitAnswer = { status };
  const hash = one('x-ratelimit-bucket');
  if (hash) answer.bucketHash = hash;
  const limit = number('x-ratelimit-limit');
  const remaining = number('x-ratelimit-remaining');
  const resetAfter = number('x-ratelimit-reset-after');
  if (limit !== undefined && remaining !== undefined && resetAfter !== undefined) {
    answer.limit = limit;
    answer.remaining = remaining;
    answer.resetAfterMs = Math.ceil(resetAfter * 1000);
  }
  if (status === 429) {
    const scope = one('x-ratelimit-scope');
    const global = one('x-ratelimit-global') === 'true' || body429?.global === true;
    answer.scope = global ? 'global' : scope === 'shared' ? 'shared' : scope === 'global' ? 'global' : 'user';
    // The body's retry_after has ms precision; the header is whole seconds.
    const fromBody = typeof body429?.retry_after === 'number' ? body429.retry_after * 1000 : undefined;
    const fromHeader = (number('retry-after') ?? 1) * 1000;
    answer.retryAfterMs = Math.ceil(Math.max(fromBody ?? fromHeader, 1));
    if (answer.scope === 'user' && (answer.remaining ?? 0) > 0) answer.sublimit = true;
  }
  return answer;
}
