import type { BucketLimit, RecordedRequest } from '@platform/discord-sim';

/** The bucket the simulator pages a channel's messages in. */
export const MESSAGE_LIST_BUCKET = 'message-list';

/** The limits the simulator enforced, as the benchmark reads them from it. */
export interface EnforcedLimits {
  /** The bucket of a request by method and route template (`GET`, `/channels/:channel_id/messages`). */
  bucketOf(method: string, route: string): string;
  limit(bucket: string): BucketLimit;
  globalPerSecond: number;
}

/** One bucket's part of an export's requests. */
export interface BucketUse {
  bucket: string;
  requests: number;
  limit: number;
  windowMs: number;
  /**
   * The least time the bucket's limit allows from its first request to its last: a fixed window admits
   * `limit` at once, so every `limit` requests after the first batch wait one window.
   */
  minimumMs: number;
}

/** How close an export came to the request rate the simulator permits, by the simulator's own record. */
export interface RateShare {
  /** Every request of the bot, by bucket, most used first. */
  buckets: BucketUse[];
  allRequests: number;
  /** Of those, answered 429: each is time lost to a limit the client misjudged. */
  rateLimited: number;
  /**
   * The message-list bucket alone: its requests over the windows they occupied (the span from the
   * first to the last plus one window, so a client that fills every window scores exactly the
   * limit), against the lower of the route's limit and the global one.
   */
  list: { requests: number; spanMs: number; achievedPerSecond: number; permittedPerSecond: number; share: number };
  /**
   * Every request: the least time the limits allow from the first to the last (the slowest bucket's, or
   * the global limit's, whichever is longer; buckets run side by side) over the time they took, both plus
   * one second so that a run of a few requests is not judged on milliseconds. 100% is an export that never
   * waited on anything but a limit.
   */
  overall: { spanMs: number; minimumMs: number; share: number };
}

/** From the first request to the last plus one window, ms; 0 for none. */
function occupied(requests: readonly RecordedRequest[], windowMs: number): number {
  if (requests.length === 0) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { at } of requests) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  return last - first + windowMs;
}

/**
 * The share of the permitted request rate an export achieved, from the requests the simulator recorded
 * for `botId` and the limits it enforced. Every request of the export is in one
 * channel and one guild, so each bucket is counted once, without its major parameter.
 */
export function rateShare(requests: readonly RecordedRequest[], botId: string, limits: EnforcedLimits): RateShare {
  const mine = requests.filter((r) => r.botId === botId);
  const byBucket = new Map<string, RecordedRequest[]>();
  for (const request of mine) {
    const bucket = limits.bucketOf(request.method, request.route);
    const inBucket = byBucket.get(bucket);
    if (inBucket) inBucket.push(request);
    else byBucket.set(bucket, [request]);
  }
  const buckets = [...byBucket]
    .map(([bucket, inBucket]): BucketUse => {
      const { limit, windowMs } = limits.limit(bucket);
      return {
        bucket,
        requests: inBucket.length,
        limit,
        windowMs,
        minimumMs: (Math.ceil(inBucket.length / limit) - 1) * windowMs,
      };
    })
    .sort((a, b) => b.requests - a.requests);

  const listLimit = limits.limit(MESSAGE_LIST_BUCKET);
  const lists = (byBucket.get(MESSAGE_LIST_BUCKET) ?? []).filter((r) => r.status < 300);
  const listOccupied = occupied(lists, listLimit.windowMs);
  const achievedPerSecond = lists.length === 0 ? Number.NaN : (lists.length * 1000) / listOccupied;
  const permittedPerSecond = Math.min((listLimit.limit * 1000) / listLimit.windowMs, limits.globalPerSecond);

  const overallOccupied = occupied(mine, 1000);
  // The global limit is a token bucket: a second's worth at once, then its rate.
  const globalMs = (Math.max(0, mine.length - limits.globalPerSecond) * 1000) / limits.globalPerSecond;
  const minimumMs = Math.max(0, globalMs, ...buckets.map((b) => b.minimumMs));
  return {
    buckets,
    allRequests: mine.length,
    rateLimited: mine.filter((r) => r.status === 429).length,
    list: {
      requests: lists.length,
      spanMs: listOccupied - listLimit.windowMs,
      achievedPerSecond,
      permittedPerSecond,
      share: achievedPerSecond / permittedPerSecond,
    },
    overall: { spanMs: overallOccupied - 1000, minimumMs, share: (minimumMs + 1000) / overallOccupied },
  };
}
