import type { BucketDefinition, BucketLimit } from './bucket-table.js';
import type { GlobalAlgorithm } from './global-counter.js';
import type { InvalidRequestLimit } from './invalid-request-counter.js';

/** Rate limits the simulator enforces. Every field is optional; the defaults are Discord's. */
export interface RateLimitOptions {
  /** `false` turns every limit off (no headers, no 429s, no bans), for benchmarks. Default true. */
  enabled?: boolean;
  /** Global limit per bot token, requests per second. Default 50. */
  globalPerSecond?: number;
  /** How the global limit counts; `token-bucket` by default (see {@link GlobalAlgorithm}). */
  globalAlgorithm?: GlobalAlgorithm;
  /** Global limit of particular bots (by bot user id), as Discord raises it for large bots on request. */
  globalPerBot?: Record<string, number>;
  /** Bucket definitions replacing the default table. */
  buckets?: readonly BucketDefinition[];
  /** Limits by bucket name, or `'*'` for every bucket, e.g. `{ 'message-create': { limit: 2, windowMs: 1000 } }`. */
  overrides?: Record<string, Partial<BucketLimit>>;
  invalidRequests?: Partial<InvalidRequestLimit>;
}

export const DEFAULT_GLOBAL_PER_SECOND = 50;
