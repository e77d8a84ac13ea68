export { DEFAULT_BACKOFF_MS } from './backoff.js';
export { encodePayload, type MessageHeaders, type PayloadSchema } from './codec.js';
export { type Bus, type BusOptions, connectBus } from './connect.js';
export { type ConsumerSpec, DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER } from './consumers.js';
export {
  DEAD_LETTER_HEADERS,
  type DeadLetter,
  type DeadLetterReasonClass,
  readDeadLetter,
} from './dead-letter.js';
export * from './errors.js';
export { consumeInteractions } from './interaction-consumer.js';
export type { BusMetrics } from './metrics.js';
export type { PipelineOptions, PipelineResult, PublishFailure, PublishPipeline } from './pipeline.js';
export type { PublishAck, PublishOptions } from './publish.js';
export type { BusConsumer, ConsumeOptions, Delivery, MessageHandler } from './pull-consumer.js';
export {
  REPLY_ERROR_HEADER,
  type ReplyHandler,
  type ReplyOptions,
  type RequestOptions,
  type Responder,
} from './request-reply.js';
