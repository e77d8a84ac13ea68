import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import type { APIGatewayBotInfo, GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { KvIdentifyThrottler } from './identify-throttle.js';
import { type GatewayMetrics, SHARD_STATES } from './metrics.js';
import type { SessionStore } from './session-store.js';

export type ShardLifecycle = 'ready' | 'resumed' | 'disconnected' | 'reconnecting';

export interface ShardOptions {
  shardId: number;
  shardCount: number;
  token: string;
  intents: number;
  gateway: APIGatewayBotInfo;
  sessions: SessionStore;
  throttler: KvIdentifyThrottler;
  metrics: GatewayMetrics;
  logger: Logger;
  onDispatch(payload: GatewayDispatchPayload, shardId: number, sessionId: string | null): void;
  onLifecycle(shardId: number, state: ShardLifecycle, sessionId: string | null): void;
}

type RestOption = ConstructorParameters<typeof WebSocketManager>[0]['rest'];

/**
 * One shard's gateway connection: its own @discordjs/ws manager (so shards come and go with their
 * leases independently), sessions from the shared store, identifies through the shared throttler.
 */
export class Shard {
  private readonly manager: WebSocketManager;
  private connectedOnce = false;

  constructor(private readonly options: ShardOptions) {
    const { shardId, sessions, throttler, metrics, logger } = options;
    const label = { shard: String(shardId) };
    // @discordjs/ws 2.0.4 reads GET /gateway/bot through a REST; the service fetched it already.
    const rest = { get: async () => options.gateway } as unknown as RestOption;
    this.manager = new WebSocketManager({
      token: options.token,
      intents: options.intents,
      shardCount: options.shardCount,
      shardIds: [shardId],
      rest,
      retrieveSessionInfo: (id) => sessions.retrieve(id),
      updateSessionInfo: (id, info) => sessions.update(id, info),
      buildIdentifyThrottler: () => throttler,
    });
    this.setState('connecting');
    this.manager.on(WebSocketShardEvents.Dispatch, (payload, id) => {
      options.onDispatch(payload, id, sessions.retrieve(id)?.sessionId ?? null);
    });
    this.manager.on(WebSocketShardEvents.Ready, (_data, id) => {
      metrics.identifies.inc(label);
      this.setState('ready');
      options.onLifecycle(id, 'ready', sessions.retrieve(id)?.sessionId ?? null);
    });
    this.manager.on(WebSocketShardEvents.Resumed, (id) => {
      metrics.resumes.inc(label);
      this.setState('resumed');
      options.onLifecycle(id, 'resumed', sessions.retrieve(id)?.sessionId ?? null);
    });
    this.manager.on(WebSocketShardEvents.Hello, (id) => {
      if (this.connectedOnce) {
        metrics.reconnects.inc(label);
        this.setState('reconnecting');
        options.onLifecycle(id, 'reconnecting', sessions.retrieve(id)?.sessionId ?? null);
      }
      this.connectedOnce = true;
    });
    this.manager.on(WebSocketShardEvents.Closed, (code, id) => {
      this.setState('disconnected');
      logger.info({ shard: id, code }, 'shard connection closed');
      options.onLifecycle(id, 'disconnected', sessions.retrieve(id)?.sessionId ?? null);
    });
    this.manager.on(WebSocketShardEvents.HeartbeatComplete, (stats) => {
      metrics.heartbeatLatency.observe(label, stats.latency / 1000);
    });
    this.manager.on(WebSocketShardEvents.Error, (error, id) => logger.warn({ err: error, shard: id }, 'shard error'));
  }

  get id(): number {
    return this.options.shardId;
  }

  connect(): Promise<void> {
    return this.manager.connect();
  }

  /**
   * Closes with 4200 (not 1000/1001, which end the session at Discord) and keeps the stored session,
   * so whichever replica holds the shard next resumes it.
   */
  async closeResumable(): Promise<void> {
    this.options.sessions.keep(this.options.shardId);
    await this.manager.destroy({ code: 4200, reason: 'handing the shard over' });
    this.clearState();
  }

  private setState(state: (typeof SHARD_STATES)[number]): void {
    for (const s of SHARD_STATES)
      this.options.metrics.shardState.set({ shard: String(this.options.shardId), state: s }, s === state ? 1 : 0);
  }

  private clearState(): void {
    for (const s of SHARD_STATES)
      this.options.metrics.shardState.remove({ shard: String(this.options.shardId), state: s });
  }
}
