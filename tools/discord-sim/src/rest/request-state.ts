import type { SimBot } from '../world/world.js';
import type { BucketSnapshot } from './rate-limits/rate-limiter.js';

/** What the gate learnt of a request, for its handler and its answer. */
export interface RequestState {
  /** The route template without the `/api/vN` prefix, as recorded. */
  route: string;
  bot: SimBot | null;
  /** Epoch ms at which the simulated Discord received the request. */
  now: number;
  /** The bucket to report in `X-RateLimit-*` headers; null when limits are off or already reported. */
  bucket: BucketSnapshot | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    sim: RequestState | null;
  }
}
