import { type ConsumerInfo, type JsMsg, jetstreamManager, type StreamInfo } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  type BusNamespace,
  busNamespace,
  createSubjects,
  platformStreams,
  type StreamOptions,
  type StreamSpec,
  type Subjects,
} from '@platform/contracts';
import { type Logger, pino } from 'pino';
import { type Registry, register } from 'prom-client';
import { type ConsumerSpec, ensureConsumer } from './consumers.js';
import type { BusContext } from './context.js';
import { type DeadLetterReasonClass, publishDeadLetter } from './dead-letter.js';
import { JetStreamPublisher } from './jetstream-publisher.js';
import { busMetrics } from './metrics.js';
import { createPipeline, type PipelineOptions, type PublishPipeline } from './pipeline.js';
import { type PublishAck, type PublishOptions, publish } from './publish.js';
import { type BusConsumer, type ConsumeOptions, startConsumer } from './pull-consumer.js';
import {
  type ReplyHandler,
  type ReplyOptions,
  type RequestOptions,
  type Responder,
  reply,
  request,
} from './request-reply.js';
import { ensureStream } from './streams.js';

export interface BusOptions {
  /** e.g. `nats://127.0.0.1:4222`; several comma-separated servers are tried in turn. */
  url: string;
  /** Isolates this deployment or test run; the default namespace adds no prefix. */
  namespace?: BusNamespace | string;
  /** The service's name: durable consumer names, queue groups, the connection name in NATS. */
  name: string;
  /** Default: silent. */
  logger?: Logger;
  /** Where the `bus_*` metrics go; default prom-client's global registry. */
  registry?: Registry;
  /** Settings of the platform's streams, as given to `platformStreams`; the dead-letter stream is made from them. */
  streamOptions?: StreamOptions;
  /** Pause between reconnect attempts; default 1 s. Reconnecting never gives up. */
  reconnectWaitMs?: number;
}

/** One connection to NATS and everything a service does with it. */
export interface Bus {
  readonly name: string;
  readonly namespace: BusNamespace;
  /** Subject builders for this namespace. */
  readonly subjects: Subjects;
  /** The underlying connection, for what the bus does not wrap (KV buckets, core subscriptions). */
  readonly connection: NatsConnection;
  /** Creates the stream, or updates it when its configuration differs; idempotent. */
  ensureStream(spec: StreamSpec): Promise<StreamInfo>;
  /** Creates the durable pull consumer, or updates it when its configuration differs; idempotent. */
  ensureConsumer(spec: ConsumerSpec): Promise<ConsumerInfo>;
  /** Publishes to JetStream and waits until the server stored it or dropped it as a duplicate. */
  publish(subject: string, payload: unknown, options?: PublishOptions): Promise<PublishAck>;
  /** A publisher that keeps many publishes outstanding, for high rates. */
  pipeline(options?: PipelineOptions): PublishPipeline;
  /** Ensures a durable pull consumer and starts handling its messages. */
  consume<T = unknown>(options: ConsumeOptions<T>): Promise<BusConsumer>;
  /**
   * Sends a message given up on to `deadletter.<stream>.<consumer>` as the bus's consumers do, so
   * `readDeadLetter` and the operators' tools read it as any other; for a service that pulls messages
   * itself. Waits until it is stored; terminating the message is the caller's.
   */
  deadLetter(msg: JsMsg, reasonClass: DeadLetterReasonClass, reason: string): Promise<void>;
  /** Request over core NATS; resolves to the decoded reply. */
  request<T = unknown>(subject: string, payload: unknown, options?: RequestOptions<T>): Promise<T>;
  /** Answers requests on `subject`; replicas share them through a queue group. */
  reply<Req = unknown, Res = unknown>(
    subject: string,
    handler: ReplyHandler<Req, Res>,
    options?: ReplyOptions<Req>,
  ): Responder;
  /** Stops every consumer and responder (finishing what is in hand), then drains the connection. */
  close(): Promise<void>;
}

async function logStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case 'disconnect':
        logger.warn({ server: status.server }, 'NATS disconnected');
        break;
      case 'reconnect':
        logger.info({ server: status.server }, 'NATS reconnected');
        break;
      case 'error':
        logger.error({ err: status.error }, 'NATS error');
        break;
      case 'slowConsumer':
        logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, 'NATS slow consumer');
        break;
    }
  }
}

/** Connects to NATS; the connection reconnects forever, so a NATS restart only pauses the service. */
export async function connectBus(options: BusOptions): Promise<Bus> {
  const namespace = typeof options.namespace === 'object' ? options.namespace : busNamespace(options.namespace ?? '');
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'bus' });
  const nc = await connect({
    servers: options.url.split(','),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 1_000,
    // Async traces capture a stack at every request, for traces nobody reads; a busy service
    // makes many (JetStream API calls, request-reply).
    noAsyncTraces: true,
  });
  void logStatus(nc, logger);
  logger.info({ server: nc.getServer(), namespace: namespace.name }, 'NATS connected');

  const jsm = await jetstreamManager(nc);
  let deadLetterStream: Promise<unknown> | undefined;
  const ctx: BusContext = {
    nc,
    js: jsm.jetstream(),
    jsm,
    namespace,
    subjects: createSubjects(namespace),
    service: options.name,
    logger,
    metrics: busMetrics(options.registry ?? register),
    publisher: new JetStreamPublisher(nc),
    async ensureDeadLetterStream() {
      deadLetterStream ??= ensureStream(jsm, platformStreams(namespace, options.streamOptions).deadLetters);
      try {
        await deadLetterStream;
      } catch (error) {
        // Let the next consumer try again rather than inherit this failure.
        deadLetterStream = undefined;
        throw error;
      }
    },
  };

  const running = new Set<{ stop(): Promise<void> }>();
  const track = <T extends { stop(): Promise<void> }>(item: T): T => {
    running.add(item);
    return item;
  };

  return {
    name: options.name,
    namespace,
    subjects: ctx.subjects,
    connection: nc,
    ensureStream: (spec) => ensureStream(jsm, spec),
    ensureConsumer: (spec) => ensureConsumer(jsm, spec),
    publish: (subject, payload, publishOptions) => publish(ctx, subject, payload, publishOptions),
    pipeline: (pipelineOptions) => createPipeline(ctx, pipelineOptions),
    consume: async (consumeOptions) => track(await startConsumer(ctx, consumeOptions)),
    deadLetter: (msg, reasonClass, reason) => publishDeadLetter(ctx, msg, msg.info.consumer, reasonClass, reason),
    request: (subject, payload, requestOptions) => request(ctx, subject, payload, requestOptions),
    reply: (subject, handler, replyOptions) => track(reply(ctx, subject, handler, replyOptions)),
    async close() {
      await Promise.all([...running].map((item) => item.stop()));
      if (!nc.isClosed()) await nc.drain();
      logger.info('NATS connection closed');
    },
  };
}
