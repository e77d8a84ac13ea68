import type { Consumer, ConsumerInfo, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { DEFAULT_BACKOFF_MS, retryDelayMs } from './backoff.js';
import { decodePayload, fromNatsHeaders, type MessageHeaders, type PayloadSchema } from './codec.js';
import { type ConsumerSpec, DEFAULT_MAX_DELIVER, ensureConsumer } from './consumers.js';
import type { BusContext } from './context.js';
import { type DeadLetterReasonClass, publishDeadLetter } from './dead-letter.js';
import { InvalidPayloadError, PermanentError } from './errors.js';

/** One message as a handler sees it, beside its decoded payload. */
export interface Delivery {
  readonly subject: string;
  readonly headers: MessageHeaders;
  /** The raw body. */
  readonly data: Uint8Array;
  readonly stream: string;
  readonly consumer: string;
  readonly streamSequence: number;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  /** Messages still waiting for this consumer behind this one. */
  readonly pending: number;
  /** Resets the ack wait; call it now and then from a handler that may outlast `ackWaitMs`. */
  working(): void;
}

/**
 * Handles one message. Returning acknowledges it; throwing retries it after a backoff until
 * `maxDeliver` attempts, then dead-letters it; throwing a {@link PermanentError} dead-letters it at once.
 */
export type MessageHandler<T> = (payload: T, delivery: Delivery) => unknown;

export interface ConsumeOptions<T> extends Omit<ConsumerSpec, 'durable'> {
  /**
   * Tells this consumer apart from the service's others: the durable is `<service>_<name>`, or
   * the service's name alone when omitted (namespaced either way).
   */
  name?: string;
  handler: MessageHandler<T>;
  /** Validates the decoded JSON; a message that fails is dead-lettered at once with the validation message. */
  schema?: PayloadSchema<T>;
  /**
   * Messages pulled per request; default 64. Pulled messages wait for a free handler, and their
   * ack wait runs meanwhile: keep batch / concurrency × handler time well under `ackWaitMs`.
   */
  batch?: number;
  /** Handlers running at once in this process; default 16. */
  concurrency?: number;
  /** Delay before each retry after a failure, by attempt; default {@link DEFAULT_BACKOFF_MS}. */
  backoffMs?: readonly number[];
  /** How often the pending gauges are refreshed from the server; default 10 s. */
  pendingPollMs?: number;
}

/** A running consumer. */
export interface BusConsumer {
  readonly stream: string;
  readonly durable: string;
  /** The server's view of the consumer: backlog, unacknowledged messages, ack floor. */
  info(): Promise<ConsumerInfo>;
  /**
   * Stops pulling, lets the handlers finish every message already pulled (at most one batch)
   * and acknowledges them, then resolves. Call on SIGTERM.
   *
   * Pulled messages are finished rather than handed back with a nak: nats-server 2.9 can drop a
   * nak'd message from its redelivery queue while a closed pull is still registered, leaving it
   * stranded until its ack wait runs out.
   */
  stop(): Promise<void>;
}

type Outcome = 'ack' | 'nak' | 'dead_letter';

/** A {@link Delivery} read from the message on demand: most handlers never look at the headers. */
class JsDelivery implements Delivery {
  private decodedHeaders: MessageHeaders | undefined;

  constructor(private readonly msg: JsMsg) {}

  get subject() {
    return this.msg.subject;
  }
  get headers() {
    this.decodedHeaders ??= fromNatsHeaders(this.msg.headers);
    return this.decodedHeaders;
  }
  get data() {
    return this.msg.data;
  }
  get stream() {
    return this.msg.info.stream;
  }
  get consumer() {
    return this.msg.info.consumer;
  }
  get streamSequence() {
    return this.msg.info.streamSequence;
  }
  get deliveryCount() {
    return this.msg.info.deliveryCount;
  }
  get pending() {
    return this.msg.info.pending;
  }
  working() {
    this.msg.working();
  }
}

const DEFAULT_BATCH = 64;
/** How long one pull waits for messages; short, so a pull lost in a NATS restart is replaced soon. */
const PULL_EXPIRES_MS = 5_000;
const RETRY_PULL_MS = 1_000;

class PullWorker<T> implements BusConsumer {
  readonly stream: string;
  readonly durable: string;
  private readonly labels: { stream: string; consumer: string };
  private readonly log: BusContext['logger'];
  private readonly concurrency: number;
  /** Handlers running now; the pull loop waits while it is at `concurrency`. */
  private running = 0;
  private onSlotFree: (() => void) | undefined;
  private onIdle: (() => void) | undefined;
  private readonly backoffMs: readonly number[];
  private readonly maxDeliver: number;
  private messages: ConsumerMessages | undefined;
  private stopping = false;
  private wakeOnStop: () => void = () => {};
  private readonly stopSignal = new Promise<void>((resolve) => {
    this.wakeOnStop = resolve;
  });
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private acks: JsMsg[] = [];

  constructor(
    private readonly ctx: BusContext,
    private readonly consumer: Consumer,
    private readonly options: ConsumeOptions<T>,
    durable: string,
  ) {
    this.stream = options.stream;
    this.durable = durable;
    this.labels = { stream: this.stream, consumer: durable };
    this.log = ctx.logger.child(this.labels);
    this.concurrency = options.concurrency ?? 16;
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  }

  start(): void {
    this.loop = this.run();
    this.poller = setInterval(() => void this.pollPending(), this.options.pendingPollMs ?? 10_000);
    this.poller.unref();
    void this.pollPending();
  }

  info(): Promise<ConsumerInfo> {
    return this.consumer.info();
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.wakeOnStop();
      clearInterval(this.poller);
      // Closing ends the pull; the iterator still yields what had arrived, and those are handled.
      void this.messages?.close();
      await this.loop;
      if (this.running > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
      this.sendAcks();
      // Acks are fire-and-forget; a flush round trip proves the server has read them.
      if (!this.ctx.nc.isClosed()) await this.ctx.nc.flush();
      this.log.info('consumer stopped');
    })();
    return this.stopped;
  }

  /**
   * Pulls one batch after another until stopped. Batches rather than a standing `consume()`:
   * a consume keeps queueing refill pulls that still go out after it is closed, and messages
   * the server sends to those are stranded until their ack wait runs out.
   */
  private async run(): Promise<void> {
    const batch = this.options.batch ?? DEFAULT_BATCH;
    while (!this.stopping && !this.ctx.nc.isClosed()) {
      try {
        const messages = await this.consumer.fetch({ max_messages: batch, expires: PULL_EXPIRES_MS });
        this.messages = messages;
        // stop() came while this pull was being set up.
        if (this.stopping) void messages.close();
        for await (const msg of messages) await this.dispatch(msg);
      } catch (error) {
        if (this.stopping || this.ctx.nc.isClosed()) break;
        this.log.warn({ err: error }, 'pulling messages failed; retrying');
        await Promise.race([new Promise((resolve) => setTimeout(resolve, RETRY_PULL_MS)), this.stopSignal]);
      }
    }
  }

  /** Starts the handler once a slot is free, so pulling slows down with the handlers. */
  private async dispatch(msg: JsMsg): Promise<void> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => (this.onSlotFree = resolve));
    this.running++;
    this.process(msg)
      // Handler failures are dealt with inside; what is left is answering on a closed connection,
      // which the server makes good by redelivering after the ack wait.
      .catch((error: unknown) => this.log.error({ err: error }, 'could not answer a message'))
      .finally(() => this.release());
  }

  private release(): void {
    this.running--;
    const wake = this.onSlotFree;
    this.onSlotFree = undefined;
    wake?.();
    if (this.running === 0) this.onIdle?.();
  }

  private async process(msg: JsMsg): Promise<void> {
    const { metrics } = this.ctx;
    metrics.consumed.inc(this.labels);
    if (msg.info.deliveryCount > 1) metrics.redelivered.inc(this.labels);
    metrics.pending.set(this.labels, msg.info.pending);
    metrics.inFlight.inc(this.labels);
    const endTimer = metrics.processingSeconds.startTimer(this.labels);
    let outcome: Outcome = 'nak';
    try {
      outcome = await this.handle(msg);
    } finally {
      metrics.inFlight.dec(this.labels);
      endTimer({ outcome });
    }
  }

  private async handle(msg: JsMsg): Promise<Outcome> {
    const { deliveryCount } = msg.info;
    if (deliveryCount > this.maxDeliver) {
      // Only reachable when the last attempt never answered: the handler crashed or hung.
      return this.giveUp(msg, 'max_deliveries', `not acknowledged after ${this.maxDeliver} deliveries`);
    }
    try {
      const payload = await decodePayload(msg.subject, msg.data, this.options.schema);
      await this.options.handler(payload, new JsDelivery(msg));
      this.ack(msg);
      this.ctx.metrics.acked.inc(this.labels);
      return 'ack';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof InvalidPayloadError) return this.giveUp(msg, 'invalid_payload', reason);
      if (error instanceof PermanentError) return this.giveUp(msg, 'permanent', reason);
      if (deliveryCount >= this.maxDeliver) return this.giveUp(msg, 'max_deliveries', reason);
      const retryInMs = retryDelayMs(deliveryCount, this.backoffMs);
      this.log.warn(
        { err: error, subject: msg.subject, seq: msg.info.streamSequence, deliveryCount, retryInMs },
        'handler failed; retrying later',
      );
      msg.nak(retryInMs);
      this.ctx.metrics.nacked.inc(this.labels);
      return 'nak';
    }
  }

  /**
   * Acks leave together once per event-loop turn. The client sends on a microtask after each
   * publish, so acks sent one by one from separate handlers cost a socket write each; gathered,
   * a whole batch goes out in one. The delay is under a millisecond.
   */
  private ack(msg: JsMsg): void {
    if (this.acks.push(msg) === 1) setImmediate(() => this.sendAcks());
  }

  private sendAcks(): void {
    const acks = this.acks;
    this.acks = [];
    for (const msg of acks) {
      try {
        msg.ack();
      } catch (error) {
        // The connection closed; the server redelivers after the ack wait.
        this.log.warn({ err: error, seq: msg.info.streamSequence }, 'could not ack');
      }
    }
  }

  private async giveUp(msg: JsMsg, reasonClass: DeadLetterReasonClass, reason: string): Promise<Outcome> {
    const context = {
      subject: msg.subject,
      seq: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      reasonClass,
      reason,
    };
    try {
      await publishDeadLetter(this.ctx, msg, this.durable, reasonClass, reason);
    } catch (error) {
      this.ctx.metrics.deadLetterFailures.inc(this.labels);
      this.log.error({ err: error, ...context }, 'dead-letter publish failed; the message stays for redelivery');
      msg.nak(retryDelayMs(msg.info.deliveryCount, this.backoffMs));
      this.ctx.metrics.nacked.inc(this.labels);
      return 'nak';
    }
    msg.term(`dead-lettered: ${reasonClass}`);
    this.ctx.metrics.deadLettered.inc({ ...this.labels, reason: reasonClass });
    this.log.warn(context, 'message dead-lettered');
    return 'dead_letter';
  }

  private async pollPending(): Promise<void> {
    try {
      const info = await this.info();
      this.ctx.metrics.pending.set(this.labels, info.num_pending);
      this.ctx.metrics.ackPending.set(this.labels, info.num_ack_pending);
    } catch (error) {
      // NATS restarting; the next poll will tell.
      this.log.debug({ err: error }, 'consumer info failed');
    }
  }
}

/** Durable name of a service's consumer: `<ns>_<service>` or `<ns>_<service>_<name>`. */
export function durableName(ctx: BusContext, name?: string): string {
  return ctx.namespace.resource(name ? `${ctx.service}_${name}` : ctx.service);
}

/** Ensures the durable consumer (and the dead-letter stream) exist, then starts pulling. */
export async function startConsumer<T>(ctx: BusContext, options: ConsumeOptions<T>): Promise<BusConsumer> {
  const durable = durableName(ctx, options.name);
  await ctx.ensureDeadLetterStream();
  await ensureConsumer(ctx.jsm, { ...options, durable });
  const consumer = await ctx.js.consumers.get(options.stream, durable);
  const worker = new PullWorker(ctx, consumer, options, durable);
  worker.start();
  ctx.logger.info({ stream: options.stream, consumer: durable }, 'consumer started');
  return worker;
}
