import { setTimeout as sleep } from 'node:timers/promises';
import type { KV } from '@nats-io/kv';
import { rateLimitKey } from './lease-plan.js';

/**
 * Discord's identify limit across every replica: at most one IDENTIFY per rate-limit bucket
 * (`shard % max_concurrency`) per window. Each bucket is one KV key holding the time of its last
 * identify; taking a slot is a revision-checked write, so of two replicas racing for the same
 * slot exactly one wins and the other waits for the next window.
 *
 * Has the shape of @discordjs/ws 2.0.4's `IIdentifyThrottler`.
 */
export class KvIdentifyThrottler {
  constructor(
    private readonly kv: KV,
    private readonly maxConcurrency: number,
    private readonly windowMs: number,
    private readonly replicaId: string,
    private readonly pollMs = 100,
  ) {}

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const key = `bucket.${rateLimitKey(shardId, this.maxConcurrency)}`;
    while (!signal.aborted) {
      const value = JSON.stringify({ at: Date.now(), shard: shardId, replica: this.replicaId });
      try {
        const entry = await this.kv.get(key);
        if (entry?.operation !== 'PUT') {
          await this.kv.create(key, value);
          return;
        }
        const last = (entry.json() as { at: number }).at;
        // A small margin: the slot is taken a moment before the IDENTIFY reaches Discord.
        const wait = last + this.windowMs + 50 - Date.now();
        if (wait <= 0) {
          await this.kv.update(key, value, entry.revision);
          return;
        }
        await sleep(wait, undefined, { signal });
      } catch (error) {
        if (signal.aborted) break;
        // Lost the race for the slot (wrong last revision) or NATS is unreachable: look again shortly.
        void error;
        await sleep(this.pollMs, undefined, { signal }).catch(() => {});
      }
    }
    throw signal.reason ?? new Error('identify wait aborted');
  }
}
