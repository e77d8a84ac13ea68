import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisConnection } from '@platform/cache';
import {
  GUILD_CACHE_EVENTS,
  type GuildCacheChange,
  type GuildCacheKeys,
  guildCacheChanges,
  guildCacheKeys,
} from '@platform/discord';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { ErrorReply } from 'redis';
import { BoundedBuffer } from './buffer.js';
import { clearGuild, redisCommands } from './guild-cache-commands.js';
import type { GuildCacheMetrics } from './guild-cache-metrics.js';

export interface GuildCacheWriterOptions {
  /** A connection whose prefix is the cache's (`discord:` by default): the cache is shared by every service. */
  redis: RedisConnection;
  logger: Logger;
  metrics: GuildCacheMetrics;
  /** Dispatches held while Redis is slow or away; past it a guild is dropped until its next GUILD_CREATE. */
  capacity: number;
  /** Dispatches per MULTI. */
  batchSize?: number;
  /** Pause before trying Redis again after a failure. */
  retryMs?: number;
}

/** A dispatch reduced to its writes, waiting in the queue. */
interface Pending {
  guildId: string;
  /** Position in arrival order, to tell a GUILD_CREATE received after a loss from one received before it. */
  n: number;
  /** A GUILD_CREATE of an available guild: it rewrites the whole guild. */
  resyncs: boolean;
  changes: GuildCacheChange[];
  receivedAt: number;
}

/**
 * Keeps the shared guild cache in Redis current with the dispatches, behind the publishing path: `handle`
 * reduces a dispatch to its writes and queues them, and one loop writes the queue in order (so each shard's
 * dispatches in gateway order), a MULTI of `batchSize` dispatches at a time.
 *
 * Redis being away never holds publishing up. Batches wait and are retried; once the queue is full, a
 * dispatch that does not fit costs its guild: the guild is deleted from the cache (readers then ask REST)
 * and skipped until a GUILD_CREATE received after the loss writes it whole again. A batch Redis refuses
 * does the same to every guild in it.
 */
export class GuildCacheWriter {
  private readonly queue: BoundedBuffer<Pending>;
  private readonly keys: GuildCacheKeys;
  /** Guild → arrival position of its latest lost dispatch. */
  private readonly stale = new Map<string, number>();
  /** Stale guilds whose keys are still to be deleted. */
  private readonly toClear = new Set<string>();
  private arrivals = 0;
  private wake: (() => void) | undefined;
  private running = true;
  private busy = false;
  private unavailableSince: number | undefined;
  private lastDropLog = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly loop: Promise<void>;

  constructor(private readonly options: GuildCacheWriterOptions) {
    this.keys = guildCacheKeys(options.redis.prefix);
    this.queue = new BoundedBuffer<Pending>(options.capacity, (item, total) => {
      options.metrics.dropped.inc();
      this.markStale(item.guildId, item.n);
      if (Date.now() - this.lastDropLog >= 1000) {
        this.lastDropLog = Date.now();
        options.logger.error(
          { guild: item.guildId, droppedTotal: total, capacity: options.capacity },
          'guild cache queue full: guild dropped from the cache until its next GUILD_CREATE',
        );
      }
    });
    this.loop = this.run();
  }

  /** Dispatches waiting to be written. */
  get pending(): number {
    return this.queue.size;
  }

  /** Guilds dropped from the cache until their next GUILD_CREATE. */
  staleGuilds(): string[] {
    return [...this.stale.keys()];
  }

  /** Queues what a dispatch changes; `guildId` is the envelope's. Returns at once. */
  handle(dispatch: GatewayDispatchPayload, guildId: string | null, receivedAt = Date.now()): void {
    if (guildId === null || !GUILD_CACHE_EVENTS.has(dispatch.t)) return;
    const changes = guildCacheChanges(dispatch);
    if (changes.length === 0) return;
    const resyncs = dispatch.t === 'GUILD_CREATE' && changes[0]?.op === 'clear';
    this.queue.push({ guildId, n: ++this.arrivals, resyncs, changes, receivedAt });
    this.options.metrics.queue.set(this.queue.size);
    this.wake?.();
  }

  /** Resolves true once everything queued so far is written, false after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.idle()) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = new Promise<true>((resolve) => this.idleWaiters.push(() => resolve(true)));
    try {
      return await Promise.race([drained, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes what is queued (for at most `drainMs`), then stops. The Redis connection is the caller's to close. */
  async close(drainMs: number): Promise<void> {
    const drained = await this.drain(drainMs);
    if (!drained)
      this.options.logger.warn({ pending: this.queue.size }, 'guild cache not written in time; resynced at next start');
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private idle(): boolean {
    return this.queue.size === 0 && this.toClear.size === 0 && !this.busy;
  }

  private markStale(guildId: string, n: number): void {
    this.stale.set(guildId, n);
    this.toClear.add(guildId);
    this.options.metrics.staleGuilds.set(this.stale.size);
  }

  private async run(): Promise<void> {
    const { redis, metrics, logger } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const retryMs = this.options.retryMs ?? 250;
    while (this.running) {
      if (this.queue.size === 0 && this.toClear.size === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      if (!redis.client.isReady) {
        this.noteUnavailable(undefined);
        await sleep(retryMs);
        continue;
      }
      this.busy = true;
      const batch = this.queue.take(batchSize);
      const clears = [...this.toClear];
      const multi = redis.client.multi();
      for (const guildId of clears) for (const command of clearGuild(guildId, this.keys)) multi.sendCommand(command);
      // Guilds a GUILD_CREATE in this batch writes whole again, with the loss it makes good.
      const resynced = new Map<string, number>();
      let skipped = 0;
      for (const item of batch) {
        const lostAt = this.stale.get(item.guildId);
        if (lostAt !== undefined && !resynced.has(item.guildId)) {
          if (!item.resyncs || item.n < lostAt) {
            skipped++;
            continue;
          }
          resynced.set(item.guildId, lostAt);
        }
        for (const change of item.changes)
          for (const command of redisCommands(change, this.keys)) multi.sendCommand(command);
      }
      try {
        await multi.exec();
        for (const guildId of clears) this.toClear.delete(guildId);
        // A loss during the write keeps the guild stale: its latest loss is then later than the one made good.
        for (const [guildId, lostAt] of resynced) if (this.stale.get(guildId) === lostAt) this.stale.delete(guildId);
        metrics.staleGuilds.set(this.stale.size);
        metrics.writes.inc(batch.length - skipped);
        metrics.skipped.inc(skipped);
        const now = Date.now();
        for (const item of batch) metrics.lag.observe((now - item.receivedAt) / 1000);
        if (this.unavailableSince !== undefined) {
          logger.info({ downMs: now - this.unavailableSince }, 'guild cache writes resumed');
          this.unavailableSince = undefined;
        }
      } catch (error) {
        if (error instanceof ErrorReply) {
          // Redis refused a command: what the batch did to its guilds is unknown, so they start over.
          metrics.errors.inc({ reason: 'command' });
          const guilds = new Set(batch.map((item) => item.guildId));
          for (const item of batch) this.markStale(item.guildId, item.n);
          logger.error({ err: error, guilds: [...guilds] }, 'guild cache batch refused; guilds resync at GUILD_CREATE');
        } else {
          this.queue.unshiftAll(batch);
          this.noteUnavailable(error);
          await sleep(retryMs);
        }
      } finally {
        this.busy = false;
        metrics.queue.set(this.queue.size);
      }
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private noteUnavailable(error: unknown): void {
    this.options.metrics.errors.inc({ reason: 'unavailable' });
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    this.options.logger.warn(
      { err: error, pending: this.queue.size },
      'redis unavailable: guild cache writes wait (publishing goes on)',
    );
  }
}
