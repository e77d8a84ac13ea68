/** One IDENTIFY the gateway received, with what became of it. */
export interface IdentifyRecord {
  /** Epoch milliseconds at which it arrived. */
  at: number;
  botId: string;
  shardId: number;
  shardCount: number;
  /** `shard_id % max_concurrency`: the bucket it was throttled in. */
  rateLimitKey: number;
  /** `ready` when a session started; `throttled` when answered with INVALID_SESSION for exceeding max_concurrency. */
  outcome: 'ready' | 'throttled';
}

/**
 * Discord's identify rate limit: per bot, shards fall in buckets `shard_id % max_concurrency`, and each
 * bucket admits one IDENTIFY per window (5 s). Only admitted identifies start a window.
 */
export class IdentifyThrottle {
  private readonly lastAdmitted = new Map<string, number>();
  private readonly records: IdentifyRecord[] = [];

  constructor(
    private readonly maxConcurrency: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new RangeError('maxConcurrency must be a positive integer');
    }
  }

  /** Every identify seen, oldest first. */
  get log(): readonly IdentifyRecord[] {
    return this.records;
  }

  /** Records an IDENTIFY and tells whether it may start a session now. */
  admit(botId: string, shardId: number, shardCount: number, now: number): boolean {
    const rateLimitKey = shardId % this.maxConcurrency;
    const bucket = `${botId}:${rateLimitKey}`;
    const last = this.lastAdmitted.get(bucket);
    const admitted = last === undefined || now - last >= this.windowMs;
    if (admitted) this.lastAdmitted.set(bucket, now);
    this.records.push({ at: now, botId, shardId, shardCount, rateLimitKey, outcome: admitted ? 'ready' : 'throttled' });
    return admitted;
  }
}
