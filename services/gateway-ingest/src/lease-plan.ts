/** What a replica should do with shard leases after looking at the bucket. */
export interface LeasePlan {
  /** Free shards to try to claim now, lowest first. */
  claim: number[];
  /** Shards of its own to release, so that replicas below their share can take them. */
  release: number[];
}

/**
 * Fair share: each live replica should hold `ceil(shards / replicas)` at most, and at least `floor`.
 * A replica claims free shards until it holds its ceiling; it releases shards only while it holds
 * more than the ceiling and some other live replica holds fewer than the floor — one at a time, so
 * replicas converge without handing shards back and forth.
 *
 * @param owners shard → replica id of every live lease
 * @param replicas ids of every live replica, this one included
 */
export function planLeases(
  shardCount: number,
  owners: ReadonlyMap<number, string>,
  replicas: readonly string[],
  self: string,
): LeasePlan {
  const live = new Set(replicas);
  live.add(self);
  const ceiling = Math.ceil(shardCount / live.size);
  const floor = Math.floor(shardCount / live.size);
  const held = new Map<string, number>();
  for (const id of live) held.set(id, 0);
  const mine: number[] = [];
  const free: number[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    const owner = owners.get(shard);
    if (owner === undefined) free.push(shard);
    else {
      held.set(owner, (held.get(owner) ?? 0) + 1);
      if (owner === self) mine.push(shard);
    }
  }
  const own = mine.length;
  const claim = free.slice(0, Math.max(0, ceiling - own));
  const release: number[] = [];
  const starving = [...held.entries()].some(([id, count]) => id !== self && live.has(id) && count < floor);
  if (own > ceiling && starving && free.length === 0) {
    const last = mine[mine.length - 1];
    if (last !== undefined) release.push(last);
  }
  return { claim, release };
}

/** Discord's identify bucket of a shard. */
export function rateLimitKey(shardId: number, maxConcurrency: number): number {
  return shardId % Math.max(1, maxConcurrency);
}
