import { type Bus, encodePayload } from '@platform/bus';
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

/** A message published and not yet committed, in publish order. */
interface InFlight {
  item: Buffered;
  state: 'pending' | 'stored' | 'failed';
  error?: unknown;
}

/**
 * Every message goes through one FIFO buffer and one publishing loop, so the stream receives each
 * shard's events in the order the gateway delivered them.
 *
 * Publishing is a sliding window: up to `window` publishes are outstanding, and each message is
 * committed (its latency observed, its session position acknowledged) as soon as it and every message
 * before it are stored. So a message waits for its own ack, not for a batch around it, and the window
 * never drains empty between batches. While NATS is disconnected, or a publish fails, the loop waits
 * and the buffer fills; after a failure the loop lets the window settle and puts every message from the
 * first failed one on back at the front, to be published again with the same msg ids, so what was
 * stored is not stored twice.
 */
export class Publisher {
  readonly buffer: BoundedBuffer<Buffered>;
  private bufferedBytes = 0;
  private readonly window: number;
  private readonly inFlight: InFlight[] = [];
  /** Index of the oldest uncommitted entry of `inFlight`; committed ones are dropped in bulk. */
  private inFlightHead = 0;
  private failed = false;
  private wake: (() => void) | undefined;
  private running = true;
  private connected = true;
  private loop: Promise<void>;
  private lastDropLog = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PublisherOptions) {
    const { logger, metrics } = options;
    this.window = options.window ?? 1024;
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
    void this.watchConnection();
    this.loop = this.run();
  }

  /** True while messages are waiting for NATS rather than flowing through. */
  get buffering(): boolean {
    return !this.connected || this.buffer.size > this.window;
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

  private get outstanding(): number {
    return this.inFlight.length - this.inFlightHead;
  }

  private updateBufferMetrics(): void {
    this.options.metrics.bufferSize.set(this.buffer.size);
    this.options.metrics.bufferBytes.set(this.bufferedBytes);
  }

  /** Resolves once everything buffered has been published (or `timeoutMs` passed). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.size > 0 || this.outstanding > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
    return true;
  }

  /** Stops publishing, waits for the publishes in flight; whatever is still buffered stays unpublished (and is logged). */
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
    while (this.running || this.outstanding > 0) {
      if (this.failed) {
        // Every publish in flight settles before the unstored are put back, so they go back in order.
        if (this.pendingCount() > 0) {
          await this.sleep();
          continue;
        }
        this.requeueFromFailure();
        await this.sleep(this.options.retryMs ?? 500);
        continue;
      }
      const room = this.window - this.outstanding;
      if (!this.running || this.buffer.size === 0 || !this.connected || room <= 0) {
        if (this.buffer.size === 0 && this.outstanding === 0)
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        await this.sleep(this.connected ? undefined : 250);
        continue;
      }
      // Sent in one synchronous burst, which the client writes to the socket together.
      for (const item of this.buffer.take(room)) this.send(item);
    }
  }

  private pendingCount(): number {
    let pending = 0;
    for (let i = this.inFlightHead; i < this.inFlight.length; i++) if (this.inFlight[i]?.state === 'pending') pending++;
    return pending;
  }

  private send(item: Buffered): void {
    const entry: InFlight = { item, state: 'pending' };
    this.inFlight.push(entry);
    const timeoutMs = this.options.publishTimeoutMs ?? 5_000;
    this.options.bus.publish(item.subject, item.bytes, { msgId: item.msgId, timeoutMs }).then(
      () => {
        entry.state = 'stored';
        if (this.failed) this.signal();
        else this.commit();
      },
      (error: unknown) => {
        entry.state = 'failed';
        entry.error = error;
        this.failed = true;
        this.signal();
      },
    );
  }

  /** Commits the stored run at the front of the window, in order, and frees its room. */
  private commit(): void {
    const { metrics, onCommitted } = this.options;
    const now = Date.now();
    let committed = 0;
    while (this.inFlightHead < this.inFlight.length) {
      const entry = this.inFlight[this.inFlightHead] as InFlight;
      if (entry.state !== 'stored') break;
      this.inFlightHead++;
      committed++;
      this.bufferedBytes -= entry.item.bytes.byteLength;
      metrics.publishLatency.observe((now - entry.item.receivedAt) / 1000);
      if (entry.item.origin) onCommitted?.(entry.item.origin);
    }
    if (committed === 0) return;
    this.compact();
    metrics.published.inc(committed);
    this.updateBufferMetrics();
    this.signal();
  }

  private compact(): void {
    if (this.inFlightHead === this.inFlight.length) {
      this.inFlight.length = 0;
      this.inFlightHead = 0;
    } else if (this.inFlightHead >= this.window) {
      this.inFlight.splice(0, this.inFlightHead);
      this.inFlightHead = 0;
    }
  }

  /** After a failure: commits what was stored before it, and puts the rest back at the front of the buffer. */
  private requeueFromFailure(): void {
    this.failed = false;
    this.commit();
    const rest = this.inFlight.slice(this.inFlightHead);
    this.inFlight.length = 0;
    this.inFlightHead = 0;
    const firstError = rest.find((entry) => entry.state === 'failed')?.error;
    this.buffer.unshiftAll(rest.map((entry) => entry.item));
    this.options.logger.warn(
      { failed: rest.filter((entry) => entry.state === 'failed').length, requeued: rest.length, err: firstError },
      'publishing failed; events kept in the buffer',
    );
    this.updateBufferMetrics();
  }
}
