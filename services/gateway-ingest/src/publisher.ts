import { type Bus, encodePayload, type PublishPipeline } from '@platform/bus';
import type { Logger } from 'pino';
import { BoundedBuffer } from './buffer.js';
import type { GatewayMetrics } from './metrics.js';

/** One message waiting to be published. */
export interface Outgoing {
  subject: string;
  payload: unknown;
  /** The dedupe id, sent as the JetStream msg id. */
  msgId: string;
  receivedAt: number;
  /** For dispatches: the session position this message acknowledges once stored. */
  origin?: { shard: number; sessionId: string; seq: number };
}

/**
 * A message as the buffer holds it: encoded at once, because JSON bytes take a fraction of the memory
 * of the parsed payload and encoding is needed before publishing anyway.
 */
interface Buffered extends Omit<Outgoing, 'payload'> {
  bytes: Uint8Array;
}

export interface PublisherOptions {
  bus: Bus;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Events held while NATS is away; past it the newest are dropped and counted. */
  capacity: number;
  /** Publishes in flight at once. */
  window?: number;
  /** Time for one publish to be acknowledged. */
  publishTimeoutMs?: number;
  /** Pause before publishing again after a failure. */
  retryMs?: number;
  /** Called for each stored dispatch, in order. */
  onCommitted?: (origin: { shard: number; sessionId: string; seq: number }) => void;
}

/**
 * Every message goes through one FIFO buffer and one publishing loop, so the stream receives each
 * shard's events in the order the gateway delivered them. While NATS is disconnected, or a batch
 * fails, the loop waits and the buffer fills; a failed batch is put back at the front from its
 * first failure on and published again with the same msg ids, so what was stored is not stored twice.
 */
export class Publisher {
  readonly buffer: BoundedBuffer<Buffered>;
  private bufferedBytes = 0;
  private readonly pipeline: PublishPipeline;
  private wake: (() => void) | undefined;
  private running = true;
  private connected = true;
  private loop: Promise<void>;
  private lastDropLog = 0;
  private idleWaiters: Array<() => void> = [];
  private inFlight = 0;

  constructor(private readonly options: PublisherOptions) {
    const { logger, metrics } = options;
    this.buffer = new BoundedBuffer<Buffered>(options.capacity, (item, total) => {
      metrics.bufferDropped.inc();
      const now = Date.now();
      // Logged at most once a second; the counter has every one.
      if (now - this.lastDropLog >= 1000) {
        this.lastDropLog = now;
        logger.error(
          { subject: item.subject, msgId: item.msgId, droppedTotal: total, capacity: options.capacity },
          'publish buffer full: event dropped',
        );
      }
    });
    this.pipeline = options.bus.pipeline({ window: options.window ?? 1024 });
    void this.watchConnection();
    this.loop = this.run();
  }

  /** True while messages are waiting for NATS rather than flowing through. */
  get buffering(): boolean {
    return !this.connected || this.buffer.size > (this.options.window ?? 1024);
  }

  get natsConnected(): boolean {
    return this.connected;
  }

  enqueue({ payload, ...item }: Outgoing): void {
    const bytes = encodePayload(payload);
    if (this.buffer.push({ ...item, bytes })) this.bufferedBytes += bytes.byteLength;
    this.updateBufferMetrics();
    this.signal();
  }

  private updateBufferMetrics(): void {
    this.options.metrics.bufferSize.set(this.buffer.size);
    this.options.metrics.bufferBytes.set(this.bufferedBytes);
  }

  /** Resolves once everything buffered has been published (or `timeoutMs` passed). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.size > 0 || this.inFlight > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
    return true;
  }

  /** Stops the loop after the batch in hand; whatever is still buffered stays unpublished (and is logged). */
  async close(): Promise<void> {
    this.running = false;
    this.signal();
    await this.loop;
    if (this.buffer.size > 0)
      this.options.logger.error({ events: this.buffer.size }, 'closing with events still unpublished');
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private sleep(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      if (ms !== undefined) setTimeout(() => this.signal(), ms).unref();
    });
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.options.bus.connection.status()) {
      if (status.type === 'disconnect') this.connected = false;
      else if (status.type === 'reconnect') {
        this.connected = true;
        this.signal();
      }
    }
  }

  private async run(): Promise<void> {
    const { metrics, logger } = this.options;
    const window = this.options.window ?? 1024;
    const timeoutMs = this.options.publishTimeoutMs ?? 5_000;
    while (this.running) {
      if (this.buffer.size === 0 || !this.connected) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        await this.sleep(this.connected ? undefined : 250);
        continue;
      }
      const batch = this.buffer.take(window * 4);
      this.inFlight = batch.length;
      for (const item of batch) {
        if (!this.pipeline.publish(item.subject, item.bytes, { msgId: item.msgId, timeoutMs })) {
          await this.pipeline.ready();
        }
      }
      const result = await this.pipeline.flush();
      let stored = batch.length;
      if (result.failures.length > 0) {
        const failed = new Set(result.failures.map((f) => f.msgId));
        stored = batch.findIndex((item) => failed.has(item.msgId));
        this.buffer.unshiftAll(batch.slice(stored));
        logger.warn(
          { failed: result.failures.length, requeued: batch.length - stored, err: result.failures[0]?.error },
          'publishing failed; events kept in the buffer',
        );
      }
      const now = Date.now();
      for (let i = 0; i < stored; i++) {
        const item = batch[i] as Buffered;
        this.bufferedBytes -= item.bytes.byteLength;
        metrics.publishLatency.observe((now - item.receivedAt) / 1000);
        if (item.origin) this.options.onCommitted?.(item.origin);
      }
      metrics.published.inc(stored);
      this.inFlight = 0;
      this.updateBufferMetrics();
      if (result.failures.length > 0) await this.sleep(this.options.retryMs ?? 500);
    }
  }
}
