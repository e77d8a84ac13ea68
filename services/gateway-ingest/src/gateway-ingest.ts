import type { KV } from '@nats-io/kv';
import type { Bus } from '@platform/bus';
import type { APIGatewayBotInfo, GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type Coordination, kvToken, openCoordination, replicaKey, shardKey } from './coordination.js';
import { buildEnvelope, subjectFor } from './envelope.js';
import type { GuildCacheWriter } from './guild-cache-writer.js';
import { KvIdentifyThrottler } from './identify-throttle.js';
import { planLeases } from './lease-plan.js';
import { type GatewayMetrics, gatewayMetrics } from './metrics.js';
import { Publisher } from './publisher.js';
import { SessionStore } from './session-store.js';
import { Shard, type ShardLifecycle } from './shard.js';

export interface GatewayIngestOptions {
  bus: Bus;
  logger: Logger;
  registry: Registry;
  token: string;
  intents: number;
  /** What GET /gateway/bot answered, with any configured overrides applied. */
  gateway: APIGatewayBotInfo;
  /** Total shards; the answer of /gateway/bot when not configured. */
  shardCount: number;
  replicaId: string;
  leaseTtlMs: number;
  identifyWindowMs: number;
  bufferCapacity: number;
  publishTimeoutMs?: number;
  /** Keeps the shared guild cache from every dispatch, after it is queued for publishing. */
  guildCache?: GuildCacheWriter;
}

interface Held {
  revision: number;
  shard: Shard | undefined;
}

/**
 * The service: holds the shards its leases give it, publishes every dispatch as an envelope and every
 * lifecycle change of its shards, and keeps its share of the shards as replicas come and go.
 */
export class GatewayIngest {
  readonly metrics: GatewayMetrics;
  readonly publisher: Publisher;
  private readonly held = new Map<number, Held>();
  private readonly sessions: SessionStore;
  private readonly throttler: KvIdentifyThrottler;
  private readonly replica: string;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private lifecycleCount = 0;

  private constructor(
    private readonly options: GatewayIngestOptions,
    private readonly kv: Coordination,
  ) {
    this.metrics = gatewayMetrics(options.registry);
    this.replica = kvToken(options.replicaId);
    this.sessions = new SessionStore(kv.sessions, options.logger);
    this.throttler = new KvIdentifyThrottler(
      kv.identify,
      options.gateway.session_start_limit.max_concurrency,
      options.identifyWindowMs,
      this.replica,
    );
    this.publisher = new Publisher({
      bus: options.bus,
      logger: options.logger,
      metrics: this.metrics,
      capacity: options.bufferCapacity,
      ...(options.publishTimeoutMs ? { publishTimeoutMs: options.publishTimeoutMs } : {}),
      onCommitted: (origin) => this.sessions.commit(origin.shard, origin.sessionId, origin.seq),
    });
  }

  static async start(options: GatewayIngestOptions): Promise<GatewayIngest> {
    const kv = await openCoordination(options.bus.connection, options.bus.namespace, {
      leaseTtlMs: options.leaseTtlMs,
      identifyWindowMs: options.identifyWindowMs,
    });
    const service = new GatewayIngest(options, kv);
    service.schedule(0);
    return service;
  }

  /** Shards this replica holds a lease on. */
  shards(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Releases every lease after closing its shard resumably and publishing what it received. */
  async stop(drainMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const shards = [...this.held.entries()];
    await Promise.allSettled(shards.map(([, held]) => held.shard?.closeResumable()));
    const drained = await this.publisher.drain(drainMs);
    if (!drained) this.options.logger.error({ buffered: this.publisher.buffer.size }, 'buffer not drained in time');
    for (const [shardId, held] of shards) {
      try {
        await this.sessions.persist(shardId);
        await this.kv.leases.delete(shardKey(shardId), { previousSeq: held.revision });
        this.metrics.leaseChanges.inc({ change: 'released' });
      } catch (error) {
        this.options.logger.warn({ err: error, shard: shardId }, 'lease not released; it will expire');
      }
    }
    this.held.clear();
    this.metrics.leasesHeld.set(0);
    this.sessions.stop();
    await this.kv.leases.delete(replicaKey(this.replica)).catch(() => {});
    await this.publisher.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error) => this.options.logger.warn({ err: error }, 'lease round failed'))
        .finally(() => this.schedule(Math.max(100, Math.floor(this.options.leaseTtlMs / 3))));
    }, delayMs);
  }

  /** One lease round: renew what is held, look at the bucket, claim or release toward the fair share. */
  private async tick(): Promise<void> {
    const leases = this.kv.leases;
    await leases.put(replicaKey(this.replica), JSON.stringify({ at: Date.now() }));
    for (const [shardId, held] of this.held) {
      if (this.stopped) return;
      await this.renew(leases, shardId, held);
    }
    const owners = new Map<number, string>();
    const replicas: string[] = [];
    for await (const key of await leases.keys()) {
      const entry = await leases.get(key);
      if (entry?.operation !== 'PUT') continue;
      if (key.startsWith('replica.')) replicas.push(key.slice('replica.'.length));
      else if (key.startsWith('shard.')) owners.set(Number(key.slice('shard.'.length)), entry.string());
    }
    const plan = planLeases(this.options.shardCount, owners, replicas, this.replica);
    for (const shardId of plan.claim) {
      if (this.stopped) return;
      try {
        const revision = await leases.create(shardKey(shardId), this.replica);
        this.metrics.leaseChanges.inc({ change: 'claimed' });
        const held: Held = { revision, shard: undefined };
        this.held.set(shardId, held);
        this.metrics.leasesHeld.set(this.held.size);
        this.options.logger.info({ shard: shardId, replica: this.replica }, 'shard lease claimed');
        await this.open(shardId, held);
      } catch (error) {
        this.options.logger.debug({ err: error, shard: shardId }, 'shard taken by another replica first');
      }
    }
    for (const shardId of plan.release) await this.release(shardId, 'rebalance');
  }

  private async renew(leases: KV, shardId: number, held: Held): Promise<void> {
    try {
      held.revision = await leases.update(shardKey(shardId), this.replica, held.revision);
      return;
    } catch (error) {
      const entry = await leases.get(shardKey(shardId)).catch(() => undefined);
      if (entry === undefined) throw error; // NATS unreachable: keep the shard and try again next round
      if (entry === null || entry.operation !== 'PUT') {
        // Expired (NATS was away longer than the TTL): take it again unless someone is quicker.
        try {
          held.revision = await leases.create(shardKey(shardId), this.replica);
          return;
        } catch {}
      } else if (entry.string() === this.replica) {
        held.revision = entry.revision;
        return;
      }
    }
    this.options.logger.warn({ shard: shardId }, 'shard lease lost to another replica');
    this.metrics.leaseChanges.inc({ change: 'lost' });
    this.held.delete(shardId);
    this.metrics.leasesHeld.set(this.held.size);
    await held.shard?.closeResumable();
    this.sessions.forget(shardId);
  }

  private async release(shardId: number, why: string): Promise<void> {
    const held = this.held.get(shardId);
    if (!held) return;
    this.options.logger.info({ shard: shardId, why }, 'releasing shard lease');
    await held.shard?.closeResumable();
    await this.publisher.drain(5_000);
    await this.sessions.persist(shardId);
    this.held.delete(shardId);
    this.metrics.leasesHeld.set(this.held.size);
    await this.kv.leases.delete(shardKey(shardId), { previousSeq: held.revision }).catch(() => {});
    this.sessions.forget(shardId);
    this.metrics.leaseChanges.inc({ change: 'released' });
  }

  private async open(shardId: number, held: Held): Promise<void> {
    const stored = await this.sessions.load(shardId, this.options.shardCount);
    this.options.logger.info({ shard: shardId, resuming: stored !== null }, 'connecting shard');
    const shard = new Shard({
      shardId,
      shardCount: this.options.shardCount,
      token: this.options.token,
      intents: this.options.intents,
      gateway: this.options.gateway,
      sessions: this.sessions,
      throttler: this.throttler,
      metrics: this.metrics,
      logger: this.options.logger,
      onDispatch: (payload, id, sessionId) => this.onDispatch(payload, id, sessionId),
      onLifecycle: (id, state, sessionId) => this.onLifecycle(id, state, sessionId),
    });
    held.shard = shard;
    // Connecting waits for identify slots; the lease round goes on meanwhile.
    shard
      .connect()
      .catch((error) => this.options.logger.error({ err: error, shard: shardId }, 'shard failed to connect'));
  }

  private onDispatch(payload: GatewayDispatchPayload, shardId: number, sessionId: string | null): void {
    const receivedAt = Date.now();
    this.metrics.events.inc({ type: payload.t });
    const session = sessionId ?? `unknown-${this.replica}`;
    const envelope = buildEnvelope(
      { t: payload.t, s: payload.s, d: payload.d },
      { shard: shardId, sessionId: session },
      receivedAt,
    );
    this.publisher.enqueue({
      subject: subjectFor(this.options.bus.subjects, envelope),
      payload: envelope,
      msgId: envelope.id,
      receivedAt,
      ...(sessionId ? { origin: { shard: shardId, sessionId, seq: payload.s } } : {}),
    });
    this.options.guildCache?.handle(payload, envelope.guildId, receivedAt);
  }

  private onLifecycle(shardId: number, state: ShardLifecycle, sessionId: string | null): void {
    const at = Date.now();
    this.lifecycleCount++;
    this.options.logger.info({ shard: shardId, state, replica: this.replica }, 'shard lifecycle');
    this.publisher.enqueue({
      subject: this.options.bus.subjects.shard(shardId, state),
      payload: { shard: shardId, state, sessionId, replica: this.replica, at },
      msgId: `shard:${shardId}:${state}:${this.replica}:${at}:${this.lifecycleCount}`,
      receivedAt: at,
    });
  }
}
