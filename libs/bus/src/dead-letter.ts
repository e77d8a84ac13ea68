import type { JsMsg } from '@nats-io/jetstream';
import { fromNatsHeaders, type MessageHeaders } from './codec.js';
import type { BusContext } from './context.js';
import { publish } from './publish.js';

/** Why a message was given up on; low-cardinality, used as a metric label. */
export type DeadLetterReasonClass = 'permanent' | 'invalid_payload' | 'max_deliveries';

/** Headers the bus adds to a dead letter; the body and the original headers are kept as they were. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Dead-Letter-Reason',
  reasonClass: 'Dead-Letter-Reason-Class',
  subject: 'Dead-Letter-Subject',
  stream: 'Dead-Letter-Stream',
  sequence: 'Dead-Letter-Sequence',
  consumer: 'Dead-Letter-Consumer',
  deliveries: 'Dead-Letter-Deliveries',
} as const;

const HEADER_PREFIX = 'Dead-Letter-';
/**
 * Original `Nats-*` headers are renamed, or JetStream would act on them again: an original
 * `Nats-Msg-Id` would make the dead-letter stream drop the second consumer's dead letter of the
 * same event as a duplicate.
 */
const ORIGINAL_PREFIX = `${HEADER_PREFIX}Original-`;

/** A dead letter as read back from the dead-letter stream. */
export interface DeadLetter {
  reason: string;
  reasonClass: DeadLetterReasonClass;
  subject: string;
  stream: string;
  sequence: number;
  consumer: string;
  deliveries: number;
  /** The headers the message was published with. */
  originalHeaders: MessageHeaders;
}

/** Header values cannot hold line breaks, and an error message can be a page long. */
function headerValue(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 1000 ? `${flat.slice(0, 999)}…` : flat;
}

/** Publishes the message to `deadletter.<stream>.<consumer>` and waits until it is stored. */
export async function publishDeadLetter(
  ctx: BusContext,
  msg: JsMsg,
  consumer: string,
  reasonClass: DeadLetterReasonClass,
  reason: string,
): Promise<void> {
  const { stream, streamSequence, deliveryCount } = msg.info;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(fromNatsHeaders(msg.headers))) {
    headers[key.startsWith('Nats-') ? `${ORIGINAL_PREFIX}${key}` : key] = value;
  }
  headers[DEAD_LETTER_HEADERS.reason] = headerValue(reason);
  headers[DEAD_LETTER_HEADERS.reasonClass] = reasonClass;
  headers[DEAD_LETTER_HEADERS.subject] = msg.subject;
  headers[DEAD_LETTER_HEADERS.stream] = stream;
  headers[DEAD_LETTER_HEADERS.sequence] = String(streamSequence);
  headers[DEAD_LETTER_HEADERS.consumer] = consumer;
  headers[DEAD_LETTER_HEADERS.deliveries] = String(deliveryCount);
  await publish(ctx, ctx.subjects.deadLetter(stream, consumer), msg.data, {
    headers,
    // A redelivery of a message already dead-lettered (crash before term) adds no second copy.
    msgId: `${stream}:${streamSequence}:${consumer}`,
  });
}

/** Reads the bus's headers of a dead letter back, with the original headers restored. */
export function readDeadLetter(headers: MessageHeaders): DeadLetter {
  const originalHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.startsWith(ORIGINAL_PREFIX)) originalHeaders[key.slice(ORIGINAL_PREFIX.length)] = value;
    else if (!key.startsWith(HEADER_PREFIX) && !key.startsWith('Nats-')) originalHeaders[key] = value;
  }
  const h = (name: string) => headers[name] ?? '';
  return {
    reason: h(DEAD_LETTER_HEADERS.reason),
    reasonClass: h(DEAD_LETTER_HEADERS.reasonClass) as DeadLetterReasonClass,
    subject: h(DEAD_LETTER_HEADERS.subject),
    stream: h(DEAD_LETTER_HEADERS.stream),
    sequence: Number(h(DEAD_LETTER_HEADERS.sequence)),
    consumer: h(DEAD_LETTER_HEADERS.consumer),
    deliveries: Number(h(DEAD_LETTER_HEADERS.deliveries)),
    originalHeaders,
  };
}
