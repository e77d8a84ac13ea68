import { bucketHash } from './bucket-hash.js';
import { type BucketDefinition, type BucketLimit, DEFAULT_ROUTE_LIMIT } from './bucket-table.js';

/** A bucket as the limiter applies it: its hash and current limit. */
export interface ResolvedBucket extends BucketLimit {
  name: string;
  hash: string;
}

/** Wildcard override key: applies to every bucket that has no override of its own. */
export const ALL_BUCKETS = '*';

/**
 * The buckets in force: definitions plus overrides by bucket name (or {@link ALL_BUCKETS}), which tests use
 * to make limits tight and a control API may change at run time.
 */
export class BucketCatalog {
  readonly #definitions = new Map<string, BucketLimit>();
  readonly #overrides = new Map<string, Partial<BucketLimit>>();
  readonly #resolved = new Map<string, ResolvedBucket>();

  constructor(definitions: readonly BucketDefinition[], overrides: Record<string, Partial<BucketLimit>> = {}) {
    for (const { name, limit, windowMs } of definitions) this.#definitions.set(name, { limit, windowMs });
    for (const [name, override] of Object.entries(overrides)) this.#overrides.set(name, override);
  }

  /** The bucket named `name`; an unknown name is a route's own bucket with the default limit. */
  get(name: string): ResolvedBucket {
    let bucket = this.#resolved.get(name);
    if (!bucket) {
      const base = this.#definitions.get(name) ?? DEFAULT_ROUTE_LIMIT;
      const override = this.#overrides.get(name) ?? this.#overrides.get(ALL_BUCKETS);
      bucket = {
        name,
        hash: bucketHash(name),
        limit: override?.limit ?? base.limit,
        windowMs: override?.windowMs ?? base.windowMs,
      };
      this.#resolved.set(name, bucket);
    }
    return bucket;
  }

  /** Overrides a bucket's limit (or every bucket's, with {@link ALL_BUCKETS}); `undefined` removes the override. */
  setOverride(name: string, override: Partial<BucketLimit> | undefined): void {
    if (override) this.#overrides.set(name, override);
    else this.#overrides.delete(name);
    this.#resolved.clear();
  }
}
