export { ApplicationCommands } from './application-commands.js';
export { CDN_PREFIX } from './cdn-route.js';
export { errorBody, restErrors } from './errors.js';
export { Faults, type FaultTarget } from './faults.js';
export { bucketHash } from './rate-limits/bucket-hash.js';
export {
  type BucketDefinition,
  type BucketLimit,
  DEFAULT_BUCKETS,
  DEFAULT_ROUTE_LIMIT,
  type HttpMethod,
  type RouteKey,
} from './rate-limits/bucket-table.js';
export type { GlobalAlgorithm } from './rate-limits/global-counter.js';
export type { InvalidRequestLimit } from './rate-limits/invalid-request-counter.js';
export { DEFAULT_GLOBAL_PER_SECOND, type RateLimitOptions } from './rate-limits/rate-limit-options.js';
export { type BucketSnapshot, type LimitDecision, RateLimiter } from './rate-limits/rate-limiter.js';
export { createRestServer, type RestServer, type RestServerOptions } from './rest-server.js';
export type { SessionStartLimit } from './routes/route-deps.js';
