import type { BucketSnapshot } from './rate-limits/rate-limiter.js';

/** Headers of a limited route's answer; `Reset` in epoch seconds and `Reset-After` in seconds, to the ms. */
export function bucketHeaders(bucket: BucketSnapshot, now: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(bucket.limit),
    'x-ratelimit-remaining': String(bucket.remaining),
    'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
    'x-ratelimit-reset-after': (Math.max(0, bucket.resetAt - now) / 1000).toFixed(3),
    'x-ratelimit-bucket': bucket.hash,
  };
}

/** The `X-RateLimit-Scope` of a 429: the bot's route limit, its global limit, or a shared resource's limit. */
export type RateLimitScope = 'user' | 'global' | 'shared';

/** Headers and body of a 429, as Discord sends them; `Retry-After` is whole seconds, rounded up. */
export function tooManyRequests(
  scope: RateLimitScope,
  retryAfterMs: number,
  bucket: BucketSnapshot | null,
  now: number,
): { headers: Record<string, string>; body: { message: string; code: number; retry_after: number; global: boolean } } {
  const headers: Record<string, string> = bucket && scope !== 'global' ? bucketHeaders(bucket, now) : {};
  headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  headers['x-ratelimit-scope'] = scope;
  if (scope === 'global') headers['x-ratelimit-global'] = 'true';
  return {
    headers,
    body: {
      message: scope === 'shared' ? 'The resource is being rate limited.' : 'You are being rate limited.',
      // Discord documents `code` as optional and its OpenAPI description requires it; 0 satisfies both.
      code: 0,
      retry_after: Math.max(0.001, Math.round(retryAfterMs) / 1000),
      global: scope === 'global',
    },
  };
}

/** Cloudflare's answer to an IP banned for too many invalid requests. */
export function bannedAnswer(bannedUntil: number, now: number): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      'content-type': 'text/plain; charset=UTF-8',
      'retry-after': String(Math.ceil((bannedUntil - now) / 1000)),
    },
    body: 'error code: 1015',
  };
}
