/**
 * Where one cache keeps its data under the service prefix. The segment after the cache name says what a key
 * holds, so no cache key or tag, whatever its text, can collide with another kind.
 */
export interface CacheKeys {
  /** The JSON value of a cache key. */
  value(key: string): string;
  /** The single-flight lock of a cache key, held by the replica loading it. */
  lock(key: string): string;
  /** Counter bumped by each invalidation of a cache key, so a load that began before it is not stored. */
  keyVersion(key: string): string;
  /** The set of value keys carrying a tag. */
  tag(tag: string): string;
  /** Counter bumped by each invalidation of a tag. */
  tagVersion(tag: string): string;
}

export function cacheKeys(base: string): CacheKeys {
  return {
    value: (key) => `${base}:val:${key}`,
    lock: (key) => `${base}:lock:${key}`,
    keyVersion: (key) => `${base}:keyver:${key}`,
    tag: (tag) => `${base}:tag:${tag}`,
    tagVersion: (tag) => `${base}:tagver:${tag}`,
  };
}
